/**
 * The HDF5 part of `entropy upgrade` (`_DbUpgrader.upgrade_db` after the Alembic chain):
 * with an old global `.entropy/entropy.hdf5`, split it into per-experiment files and rename
 * it `.bak` (and leave saved_in_hdf5 = 0 rows where they are, as Entropy does); otherwise move
 * every saved_in_hdf5 = 0 row into `.entropy/hdf5/<experiment_id>.hdf5` and flag it 1.
 * One experiment at a time: its rows are read, checked and written to its file before the next
 * is read. A row that cannot move fails the run, and a failed run's staged files never reach
 * the folder; the database changes only through db.run.
 */
import { memoryMeter, releaseBytes, type Db, type ProjectFiles } from '../../src/engine/index.ts';
import { hasNul } from './dataset-writer.ts';
import type { Hdf5Warning } from './errors.ts';
import { experimentWriters, type WritersDone } from './experiment-writers.ts';
import type { Hdf5MovePlan, Hdf5MoveReport, MoveOptions } from './move-plan.ts';
import { compareIds, type IdText } from './ids.ts';
import { experimentFile, GLOBAL_HDF5, GLOBAL_HDF5_BAK, nestsGroups } from './layout.ts';
import { readsUnread } from './h5.ts';
import { checkLayout } from './place-check.ts';
import { countPending, decodeRow, flagMoved, pendingByExperiment, pendingRows, TABLES, type DecodedRow, type Entity } from './rows.ts';
import { planSplit, splitGlobalFile } from './split.ts';

/**
 * What a walk over the waiting rows hands each experiment: its rows, decoded, results first,
 * and the bytes their values took in SQLite.
 */
/** `existing`: the experiment's file as it is (read once, for the check and the writer), or null. */
type EachExperiment = (id: IdText, rows: readonly DecodedRow[], sourceBytes: number, existing: Uint8Array | null) => void;

/** HDF5's own bytes around a row's value (its groups, dataset header, attributes): about 2 KiB in the bench's files. */
const ROW_OVERHEAD_BYTES = 4096;

/** Row warnings with where they came from, to be put back in the order Entropy meets rows. */
interface RowWarning {
  readonly entity: Entity;
  readonly id: IdText;
  readonly warning: Hdf5Warning;
}

/**
 * Walks the waiting rows one experiment at a time (pendingByExperiment), decoding and checking
 * its rows, and hands them to `each` before going on: memory holds one experiment's rows, not
 * the project's (1.7 GB RSS at 1 GB before). Throws Hdf5MoveError where Entropy's layout
 * cannot hold a row, before `each` sees that experiment. Returns the plan.
 */
function walkRows(db: Db, files: ProjectFiles, each: EachExperiment | null = null, pending = pendingByExperiment(db)): Hdf5MovePlan {
  // A plan only checks the existing files' layout: where HDF5 can read a file unread, it reads
  // a few pieces of each, not the whole (readHdf5Unread).
  const unread = each === null && readsUnread();
  const experimentWarnings: Hdf5Warning[] = [];
  const rowWarnings: RowWarning[] = [];
  let results = 0;
  let metadata = 0;
  for (const [id, ids] of pending) {
    const rows: DecodedRow[] = [];
    const blobs: Uint8Array[] = [];
    let sourceBytes = 0;
    for (const entity of ['result', 'metadata'] as const) {
      for (const { row, data, dataType } of pendingRows(db, entity, ids[entity])) {
        rows.push(decodeRow(row, data, dataType));
        if (data instanceof Uint8Array) blobs.push(data);
        if (data instanceof Uint8Array || typeof data === 'string') sourceBytes += data.length;
      }
    }
    results += ids.result.length;
    metadata += ids.metadata.length;
    const path = experimentFile(id);
    const unreadFile = unread ? files.unread(path) : null;
    const existing = unreadFile ? null : files.read(path);
    experimentWarnings.push(...checkLayout(unreadFile ?? existing, id, rows));
    for (const r of rows) rowWarnings.push(...warningsOf(r).map((warning) => ({ entity: r.entity, id: r.id, warning })));
    each?.(id, rows, sourceBytes, existing);
    // Written (or sent to a thread, which copies them) and read back: the values read from the
    // database are let go of now, not at a collection a long move may not have had by its end.
    for (const blob of blobs) releaseBytes(blob);
    // The experiment's old file, copied into HDF5's own memory to be edited (or sent to a thread).
    if (existing) files.doneReading(existing);
  }
  // As Entropy meets them: every Results row by id, then every metadata row.
  const order = (w: RowWarning) => (w.entity === 'result' ? 0 : 1);
  rowWarnings.sort((a, b) => order(a) - order(b) || compareIds(a.id, b.id));
  const experimentIds = [...pending.keys()];
  return {
    mode: experimentIds.length ? 'rows' : 'nothing',
    results,
    metadata,
    experimentIds,
    files: experimentIds.map(experimentFile),
    globalFileBackup: null,
    warnings: [...experimentWarnings, ...rowWarnings.map((w) => w.warning)],
  };
}

/** What a row's own value and label warn of. */
function warningsOf(r: DecodedRow): Hdf5Warning[] {
  const where = `${TABLES[r.entity]} row ${r.id}`;
  const warnings: Hdf5Warning[] = [];
  if (nestsGroups(r.label)) {
    warnings.push({
      code: 'LABEL_WITH_SLASH',
      message: `${where} has the label "${r.label}", which Entropy's layout turns into nested groups; Entropy 0.15.9 reads them with a KeyError (its get_results() fails for experiment ${r.experimentId}).`,
    });
  }
  if (r.storage.kind === 'original' && r.storage.note) warnings.push({ code: 'STORED_AS_PICKLE', message: `${where}: ${r.storage.note}.` });
  if (hasNul(r.storage)) {
    warnings.push({
      code: 'BETTER_THAN_ENTROPY',
      message: `${where} holds text or bytes with a NUL character, which Entropy's own upgrade cannot store (it stops); it is kept as Entropy's pickle, which Entropy reads back unchanged.`,
    });
  }
  return warnings;
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
  return walkRows(db, files);
}

/**
 * Does the HDF5 part of Entropy's upgrade: stages the HDF5 files in `files` and flags the moved
 * rows saved_in_hdf5 = 1 in `db`. Throws Hdf5MoveError, before staging or flagging anything,
 * where Entropy's layout cannot hold the project. Needs `await loadHdf5()` first.
 */
export function moveRowsToHdf5(db: Db, files: ProjectFiles, options: MoveOptions = {}): Hdf5MoveReport {
  if (files.exists(GLOBAL_HDF5)) {
    const split = splitGlobalFile(files, options);
    return { ...split, warnings: [...split.warnings, ...leftInSqlite(db)] };
  }
  // A test's own writer or time zone keeps the work in this thread, where they are.
  const ownWork = options.writeRow !== undefined || options.utcOffset !== undefined;
  const pending = pendingByExperiment(db);
  // A pool for one experiment is no help.
  const pool = !ownWork && pending.size > 1 ? (options.threads?.(pending.size) ?? null) : null;
  const writers = experimentWriters(files, pool, options.utcOffset, options.writeRow);
  let plan: Hdf5MovePlan;
  let done: WritersDone;
  try {
    try {
      plan = walkRows(db, files, (id, rows, sourceBytes, existing) => {
        // The file grows in memory as rows are written: asked for here, before it does.
        const fileBytes = sourceBytes + rows.length * ROW_OVERHEAD_BYTES;
        memoryMeter().need(fileBytes, `an HDF5 file for experiment ${id}`);
        writers.add(id, rows, existing, fileBytes);
      }, pending);
    } catch (error) {
      // One by one, an earlier experiment's failure would have come first: its file is still out.
      writers.finish();
      throw error;
    }
    done = writers.finish();
  } finally {
    writers.close();
  }
  const { moved, storedAsPickle, readBack } = done;
  // SQLite rewrites a whole row to change its flag, its value included: the biggest row, about
  // twice over, is asked of the budget first (which collects what the move let go of).
  const tables = [...new Set(moved.map((row) => TABLES[row.entity]))];
  const biggest = Math.max(0, ...tables.map((table) => Number(db.query(`SELECT coalesce(max(length(data)), 0) AS n FROM "${table}" WHERE saved_in_hdf5 IS 0`)[0]!.n)));
  memoryMeter().need(2 * biggest, 'flagging the moved rows in the database');
  for (const entity of ['result', 'metadata'] as const) flagMoved(db, entity, moved.filter((row) => row.entity === entity).map((row) => row.id));
  return { ...plan, storedAsPickle, readBack };
}

export { GLOBAL_HDF5_BAK };
