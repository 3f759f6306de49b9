/**
 * The HDF5 move as the project's finishing work: what `entropy upgrade` does after the
 * Alembic chain, every time, even on a database already at the head.
 */
import { columnsOf, hasTable, type Db, type FinishingReport, type FinishingWork, type ProjectFiles, type ReadBackCount } from '../../src/engine/index.ts';
import { GLOBAL_HDF5 } from './layout.ts';
import { moveRowsToHdf5, planHdf5Move } from './move.ts';
import type { Hdf5MoveReport, MoveOptions } from './move-plan.ts';
import { Hdf5MoveError } from './errors.ts';
import { TABLES } from './rows.ts';
import { compareIds, type IdText } from './ids.ts';
import { plural } from '../support/words.ts';

/**
 * Rows the move will take, counted on the database as it is now, before the chain: where
 * saved_in_hdf5 does not exist yet, revision 04ae19b32c08 adds it as 0 for every row.
 */
function pending(db: Db, table: string): { rows: number; experiments: IdText[] } {
  if (!hasTable(db, table)) return { rows: 0, experiments: [] };
  const flagged = columnsOf(db, table).some((c) => c.name === 'saved_in_hdf5');
  const where = flagged ? 'WHERE saved_in_hdf5 IS 0' : '';
  // One pass for both: the flag is stored after the row's BLOB, so reading it reads the table.
  const groups = db.query(`SELECT CAST(experiment_id AS TEXT) AS id, count(*) AS n FROM "${table}" ${where} GROUP BY experiment_id ORDER BY experiment_id`);
  const experiments = groups.map((r) => String(r.id));
  const rows = groups.reduce((sum, r) => sum + Number(r.n), 0);
  return { rows, experiments };
}

/** Experiments named one by one up to this many; more are counted (a lab's project may hold thousands). */
const NAMED_EXPERIMENTS = 10;

function whichExperiments(experiments: readonly IdText[]): string {
  if (experiments.length === 0) return '';
  if (experiments.length === 1) return ` of experiment ${experiments[0]}`;
  if (experiments.length <= NAMED_EXPERIMENTS) return ` of experiments ${experiments.join(', ')}`;
  return ` of ${experiments.length} experiments (${experiments[0]} to ${experiments.at(-1)})`;
}

function inWords(results: number, metadata: number, experiments: readonly IdText[]): string {
  const which = whichExperiments(experiments);
  return `${plural(results, 'result')} and ${plural(metadata, 'metadata row')}${which}`;
}

/**
 * The move as finishing work. `options` are for tests: a corrupting writer (MoveOptions) shows
 * that the read-back refuses the run.
 */
export function hdf5MoveWork(options: MoveOptions = {}): FinishingWork {
  return { ...hdf5Move, run: (db, files) => runMove(db, files, options) };
}

/** What the move read back, by kind, for the run's checks. */
function readBackOf(report: Hdf5MoveReport): ReadBackCount[] {
  return [
    { kind: 'results', written: report.results, equal: report.readBack.results, noun: ['result', 'results'] },
    { kind: 'metadata', written: report.metadata, equal: report.readBack.metadata, noun: ['metadata row', 'metadata rows'] },
  ];
}

function runMove(db: Db, files: ProjectFiles, options: MoveOptions): FinishingReport {
  const report = moveRowsToHdf5(db, files, options);
  const warnings = report.warnings.map((w) => w.message);
  if (report.mode === 'nothing') return { done: [], warnings, readBack: readBackOf(report) };
  const done =
    report.mode === 'split'
      ? [`Split the old single results file into ${plural(report.files.length, 'file')} per experiment; it is kept as entropy.hdf5.bak.`]
      : [`Moved ${inWords(report.results, report.metadata, report.experimentIds)} into HDF5 files.`];
  return { done, warnings, readBack: readBackOf(report) };
}

export const hdf5Move: FinishingWork = {
  title: 'Moving results into HDF5 files',
  describe(db, files) {
    const results = pending(db, TABLES.result);
    const metadata = pending(db, TABLES.metadata);
    const experiments = [...new Set([...results.experiments, ...metadata.experiments])].sort(compareIds);
    const moving = results.rows + metadata.rows;
    if (files?.exists(GLOBAL_HDF5)) {
      return {
        changes: [`splits the old single results file (.entropy/entropy.hdf5) into one file per experiment and keeps it as entropy.hdf5.bak`],
        ...moveChecked(db, files),
        leftUndoneWithoutFolder: null,
      };
    }
    const undone = [
      moving ? `${inWords(results.rows, metadata.rows, experiments)} stay only in the database, where Entropy 0.15 does not show them; Entropy's own upgrade moves them into HDF5 files.` : null,
      files === null ? unsplitFile(db) : null,
    ].filter((s): s is string => s !== null);
    return {
      changes: moving ? [`moves ${inWords(results.rows, metadata.rows, experiments)} from the database into HDF5 files (.entropy/hdf5/)`] : [],
      ...(files && moving ? moveChecked(db, files) : { warnings: [] }),
      leftUndoneWithoutFolder: undone.length ? undone.join(' ') : null,
    };
  },
  run: (db, files) => runMove(db, files, {}),
};

/**
 * The database alone, of a project of Entropy 0.2 to 0.5 (results flagged as saved in HDF5,
 * and no Figures table yet, which 0.5.1 added): those results are in the single
 * .entropy/entropy.hdf5 beside it, which Entropy's upgrade splits into a file per experiment
 * and which only an upgrade of the whole project can split.
 */
function unsplitFile(db: Db): string | null {
  if (hasTable(db, 'Figures') || !hasTable(db, TABLES.result)) return null;
  if (!columnsOf(db, TABLES.result).some((c) => c.name === 'saved_in_hdf5')) return null;
  const saved = Number(db.query(`SELECT count(*) AS n FROM "${TABLES.result}" WHERE saved_in_hdf5 IS 1`)[0]!.n);
  if (saved === 0) return null;
  return `${plural(saved, 'result')} saved in the project's single results file (.entropy/entropy.hdf5, as Entropy 0.2 to 0.5 kept them) stay there unsplit; Entropy 0.15 reads them only from one file per experiment, which Entropy's own upgrade of the whole project makes.`;
}

/**
 * The move's own warnings, where the database already has what it needs to say them, and the
 * refusal the run would meet (a row or file the move cannot take), said before the run.
 */
function moveChecked(db: Db, files: ProjectFiles): { warnings: string[]; stops?: string } {
  const flagged = [TABLES.result, TABLES.metadata].every((t) => !hasTable(db, t) || columnsOf(db, t).some((c) => c.name === 'saved_in_hdf5'));
  if (!flagged) return { warnings: [] };
  try {
    return { warnings: planHdf5Move(db, files).warnings.map((w) => w.message) };
  } catch (error) {
    // Anything else (a failed read, memory) may not happen again in the run, which says it then.
    if (!(error instanceof Hdf5MoveError)) return { warnings: [] };
    return { warnings: [], stops: error.message.replace(/ Nothing was written\.$/, '') };
  }
}
