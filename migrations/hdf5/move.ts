/**
 * The HDF5 part of `entropy upgrade` (`_DbUpgrader.upgrade_db` after the Alembic chain):
 * with an old global `.entropy/entropy.hdf5`, split it into per-experiment files and rename
 * it `.bak` (and leave saved_in_hdf5 = 0 rows where they are, as Entropy does); otherwise move
 * every saved_in_hdf5 = 0 row into `.entropy/hdf5/<experiment_id>.hdf5` and flag it 1.
 * Everything is checked before anything is staged; the database changes only through db.run.
 */
import type { Db } from '../../src/engine/index.ts';
import type { ProjectFiles } from '../../src/engine/index.ts';
import { Hdf5MoveError } from './errors.ts';
import { editHdf5, readHdf5, h5wasm, type Group } from './h5.ts';
import { experimentFile, GLOBAL_HDF5, GLOBAL_HDF5_BAK, groupPathOf, systemUtcOffset, writeRow, type UtcOffset } from './layout.ts';
import { countPending, decodeRow, pendingRows, TABLES, type DecodedRow, type Entity } from './rows.ts';
import { planSplit, splitGlobalFile } from './split.ts';

export interface Hdf5Warning {
  readonly code: 'METADATA_WITHOUT_RESULT' | 'LABEL_WITH_SLASH' | 'ROWS_LEFT_IN_SQLITE' | 'STORED_AS_PICKLE' | 'BETTER_THAN_ENTROPY';
  readonly message: string;
}

export interface Hdf5MovePlan {
  /** 'rows': saved_in_hdf5 = 0 rows move; 'split': the global file is split; 'nothing'. */
  readonly mode: 'rows' | 'split' | 'nothing';
  readonly results: number;
  readonly metadata: number;
  /** Experiments whose `.entropy/hdf5/<id>.hdf5` is written or extended. */
  readonly experimentIds: readonly number[];
  readonly files: readonly string[];
  /** Set when the global file is split: the path it is renamed to. */
  readonly globalFileBackup: string | null;
  readonly warnings: readonly Hdf5Warning[];
}

export interface Hdf5MoveReport extends Hdf5MovePlan {
  /** Rows whose value is held as a pickle Entropy unpickles (h5wasm lacks h5py's HDF5 type for it). */
  readonly storedAsPickle: number;
}

export interface MoveOptions {
  /** The local time zone Entropy's `astimezone()` would use; the system's by default. */
  readonly utcOffset?: UtcOffset;
}

interface Prepared {
  readonly plan: Hdf5MovePlan;
  readonly rows: readonly DecodedRow[];
  /** The same rows by experiment, in the order they came. */
  readonly byExperiment: ReadonlyMap<number, readonly DecodedRow[]>;
}

function existingKeys(bytes: Uint8Array | null): { datasets: Set<string>; groups: Map<string, Set<string>> } {
  const datasets = new Set<string>();
  const groups = new Map<string, Set<string>>();
  if (!bytes) return { datasets, groups };
  readHdf5(bytes, (file) => {
    const walk = (group: Group) => {
      for (const name of group.keys()) {
        const child = group.get(name);
        const path = group.path === '/' ? `/${name}` : `${group.path}/${name}`;
        if (child instanceof h5wasm().Group) walk(child);
        else if (child instanceof h5wasm().Dataset) {
          datasets.add(path);
          const set = groups.get(group.path) ?? new Set<string>();
          set.add(name);
          groups.set(group.path, set);
        }
      }
    };
    walk(file);
  });
  return { datasets, groups };
}

/**
 * The rows of each experiment, in the order they came. Once, not a scan of every row per
 * experiment: that was quadratic, 30 of the 100 s a 1 GB project with 1,555 experiments took.
 */
function rowsByExperiment(rows: readonly DecodedRow[]): Map<number, DecodedRow[]> {
  const byExperiment = new Map<number, DecodedRow[]>();
  for (const row of rows) {
    const mine = byExperiment.get(row.experimentId);
    if (mine) mine.push(row);
    else byExperiment.set(row.experimentId, [row]);
  }
  return byExperiment;
}

function prepareRows(db: Db, files: ProjectFiles): Prepared {
  const rows: DecodedRow[] = [];
  for (const { row, data, dataType } of pendingRows(db)) rows.push(decodeRow(row, data, dataType));
  const warnings: Hdf5Warning[] = [];
  const byExperiment = rowsByExperiment(rows);
  const experimentIds = [...byExperiment.keys()].sort((a, b) => a - b);
  for (const id of experimentIds) {
    const existing = readExisting(files, experimentFile(id));
    const mine = byExperiment.get(id)!;
    const taken = new Map<string, string>([...existing.datasets].map((p) => [p, `an existing dataset of ${experimentFile(id)}`]));
    const contents = new Map(existing.groups);
    for (const r of mine) {
      const path = `${groupPathOf(r)}/${r.entity}`;
      const other = taken.get(path);
      if (other) {
        throw new Hdf5MoveError(
          'DUPLICATE_LABEL',
          `${TABLES[r.entity]} row ${r.id} of experiment ${id} would go to ${path}, which already holds ${other}; Entropy's layout keeps one ${r.entity} per stage and label (Entropy's own upgrade stops there).`,
          { experimentId: id, path, id: r.id },
        );
      }
      taken.set(path, `${TABLES[r.entity]} row ${r.id}`);
      const set = contents.get(groupPathOf(r)) ?? new Set<string>();
      set.add(r.entity);
      contents.set(groupPathOf(r), set);
    }
    for (const [group, names] of contents) {
      if (names.has('metadata') && !names.has('result')) {
        warnings.push({
          code: 'METADATA_WITHOUT_RESULT',
          message: `Experiment ${id}: metadata at ${group} has no result beside it; Entropy 0.15.9 reads this layout with a KeyError (its get_results() fails for this experiment).`,
        });
      }
    }
  }
  for (const r of rows) {
    const where = `${TABLES[r.entity]} row ${r.id}`;
    if (r.label.includes('/')) {
      warnings.push({
        code: 'LABEL_WITH_SLASH',
        message: `${where} has the label "${r.label}", which Entropy's layout turns into nested groups; Entropy 0.15.9 reads them with a KeyError (its get_results() fails for experiment ${r.experimentId}).`,
      });
    }
    if (r.storage.kind === 'original' && r.storage.note) warnings.push({ code: 'STORED_AS_PICKLE', message: `${where}: ${r.storage.note}.` });
    const nul =
      (r.storage.kind === 'text' && r.storage.text.includes('\0')) ||
      (r.storage.kind === 'bytes' && r.storage.bytes.includes(0)) ||
      (r.storage.kind === 'strings' && r.storage.items.some((b) => b.includes(0)));
    if (nul) {
      warnings.push({
        code: 'BETTER_THAN_ENTROPY',
        message: `${where} holds text or bytes with a NUL character, which Entropy's own upgrade cannot store (it stops); it is kept as Entropy's pickle, which Entropy reads back unchanged.`,
      });
    }
  }
  const count = (e: Entity) => rows.filter((r) => r.entity === e).length;
  return {
    rows,
    byExperiment,
    plan: {
      mode: rows.length ? 'rows' : 'nothing',
      results: count('result'),
      metadata: count('metadata'),
      experimentIds,
      files: experimentIds.map(experimentFile),
      globalFileBackup: null,
      warnings,
    },
  };
}

function readExisting(files: ProjectFiles, path: string) {
  try {
    return existingKeys(files.read(path));
  } catch (e) {
    throw new Hdf5MoveError('UNREADABLE_HDF5', `${path} is not an HDF5 file that can be read: ${(e as Error).message}`, { path });
  }
}

function leftInSqlite(db: Db): Hdf5Warning[] {
  const results = countPending(db, 'result');
  const metadata = countPending(db, 'metadata');
  if (results + metadata === 0) return [];
  return [{
    code: 'ROWS_LEFT_IN_SQLITE',
    message: `${results} results and ${metadata} metadata rows saved only in SQLite stay there, as Entropy's upgrade leaves them when it splits the old global HDF5 file; Entropy 0.15.9 does not show them.`,
  }];
}

/** What `moveRowsToHdf5` will do, as data; nothing is written. Needs `await loadHdf5()` first. */
export function planHdf5Move(db: Db, files: ProjectFiles): Hdf5MovePlan {
  if (files.exists(GLOBAL_HDF5)) {
    const split = planSplit(files);
    return { ...split, warnings: [...split.warnings, ...leftInSqlite(db)] };
  }
  return prepareRows(db, files).plan;
}

/**
 * Does the HDF5 part of Entropy's upgrade: stages the HDF5 files in `files` and flags the moved
 * rows saved_in_hdf5 = 1 in `db`. Throws Hdf5MoveError, before staging or flagging anything,
 * where Entropy's layout cannot hold the project. Needs `await loadHdf5()` first.
 */
export function moveRowsToHdf5(db: Db, files: ProjectFiles, options: MoveOptions = {}): Hdf5MoveReport {
  if (files.exists(GLOBAL_HDF5)) {
    const split = splitGlobalFile(files);
    return { ...split, warnings: [...split.warnings, ...leftInSqlite(db)], storedAsPickle: split.storedAsPickle };
  }
  const { plan, rows, byExperiment } = prepareRows(db, files);
  const offset = options.utcOffset ?? systemUtcOffset;
  let storedAsPickle = 0;
  const staged = new Map<string, Uint8Array>();
  for (const id of plan.experimentIds) {
    const path = experimentFile(id);
    staged.set(path, editHdf5(files.read(path), (file) => {
      for (const row of byExperiment.get(id) ?? []) {
        if (writeRow(file, row, offset).as === 'pickle') storedAsPickle++;
      }
    }));
  }
  for (const [path, bytes] of staged) files.write(path, bytes);
  for (const entity of ['result', 'metadata'] as const) {
    for (const row of rows) if (row.entity === entity) db.run(`UPDATE "${TABLES[entity]}" SET saved_in_hdf5 = 1 WHERE id = ?`, [row.id]);
  }
  return { ...plan, storedAsPickle };
}

export { GLOBAL_HDF5_BAK };
