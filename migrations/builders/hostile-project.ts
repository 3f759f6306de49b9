/**
 * Whole Entropy projects made to attack entropy-migrate, built with the project's own
 * builders (buildEntropyProject), and the hostile parts they are made of, by class:
 * - values: pickled rows that attack a value reader (hostile/pickles.ts);
 * - params: params.json files that attack the ParamStore reader (hostile/params.ts);
 * - (the HDF5 files' attacks go beside them, as hostile/hdf5.ts).
 * Every project here is one Entropy 0.15.9 opens; what Entropy's own upgrade does with it is
 * the oracle's to say.
 */
import type { DbOpener } from '../../src/engine/index.ts';
import { buildEntropyProject, DATABASE, PARAMS_JSON, type ProjectFiles } from './entropy-project.ts';
import type { RowSpec } from './hdf5-files.ts';

export * as hostileValues from './hostile/pickles.ts';
export * as hostileParams from './hostile/params.ts';
export { PickleOps, OP } from './hostile/pickle-ops.ts';
export { DATABASE, PARAMS_JSON };

/** A row whose value is given as Entropy serialized it (a pickle unless said otherwise). */
export interface HostileRow {
  readonly label: string;
  readonly data: Uint8Array;
  readonly dataType?: RowSpec['dataType'];
  readonly experimentId?: number;
  readonly stage?: number;
  readonly entity?: RowSpec['entity'];
}

export interface HostileProjectOptions {
  /** The database's revision (the head by default: only the HDF5 move and params.json are left to do). */
  readonly at: Parameters<typeof buildEntropyProject>[1]['at'];
  /** Rows still in SQLite (saved_in_hdf5 = 0), which the upgrade moves into HDF5 files. */
  readonly rows?: readonly HostileRow[];
  /** params.json's bytes; none by default. */
  readonly params?: Uint8Array;
  readonly experiments?: number;
}

/** A project with hostile rows and/or a hostile params.json, otherwise as Entropy made it. */
export function hostileProject(open: DbOpener, options: HostileProjectOptions): ProjectFiles {
  const rows: RowSpec[] = (options.rows ?? []).map((r) => ({
    entity: r.entity ?? 'result',
    experimentId: r.experimentId ?? 1,
    stage: r.stage ?? 0,
    label: r.label,
    data: r.data,
    dataType: r.dataType ?? 'Pickled',
    savedInHdf5: false,
  }));
  const files = buildEntropyProject(open, { at: options.at, experiments: options.experiments ?? 2, rows });
  if (options.params) files.set(PARAMS_JSON, options.params);
  return files;
}
