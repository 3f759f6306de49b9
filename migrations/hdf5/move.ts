/**
 * The HDF5 part of `entropy upgrade` (`_DbUpgrader.upgrade_db` after the Alembic chain):
 * with an old global `.entropy/entropy.hdf5`, split it into per-experiment files and rename
 * it `.bak` (and leave saved_in_hdf5 = 0 rows where they are, as Entropy does); otherwise move
 * every saved_in_hdf5 = 0 row into `.entropy/hdf5/<experiment_id>.hdf5` and flag it 1.
 * One experiment at a time: its rows are read, checked and written to its file before the next
 * is read. A row that cannot move fails the run, and a failed run's staged files never reach
 * the folder; the database changes only through db.run.
 */
import type { Db } from '../../src/engine/index.ts';
import type { ProjectFiles } from '../../src/engine/index.ts';
import { Hdf5MoveError } from './errors.ts';
import { editHdf5, readHdf5, h5wasm, type Group } from './h5.ts';
import { experimentFile, GLOBAL_HDF5, GLOBAL_HDF5_BAK, groupPathOf, systemUtcOffset, writeRow, type UtcOffset } from './layout.ts';
import { countPending, decodeRow, pendingByExperiment, pendingRows, TABLES, type DecodedRow, type Entity } from './rows.ts';
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

/** What a walk over the waiting rows hands each experiment: its rows, decoded, results first. */
type EachExperiment = (id: number, rows: readonly DecodedRow[]) => void;

/** Row warnings with where they came from, to be put back in the order Entropy meets rows. */
interface RowWarning {
  readonly entity: Entity;
  readonly id: number;
  readonly warning: Hdf5Warning;
}

/**
 * Walks the waiting rows one experiment at a time (pendingByExperiment), decoding and checking
 * its rows, and hands them to `each` before going on: memory holds one experiment's rows, not
 * the project's (1.7 GB RSS at 1 GB before). Throws Hdf5MoveError where Entropy's layout
 * cannot hold a row, before `each` sees that experiment. Returns the plan.
 */
function walkRows(db: Db, files: ProjectFiles, each: EachExperiment = () => {}): Hdf5MovePlan {
  const pending = pendingByExperiment(db);
  const experimentWarnings: Hdf5Warning[] = [];
  const rowWarnings: RowWarning[] = [];
  let results = 0;
  let metadata = 0;
  for (const [id, ids] of pending) {
    const rows: DecodedRow[] = [];
    for (const entity of ['result', 'metadata'] as const) {
      for (const { row, data, dataType } of pendingRows(db, entity, ids[entity])) rows.push(decodeRow(row, data, dataType));
    }
    results += ids.result.length;
    metadata += ids.metadata.length;
    experimentWarnings.push(...checkLayout(files, id, rows));
    for (const r of rows) rowWarnings.push(...warningsOf(r).map((warning) => ({ entity: r.entity, id: r.id, warning })));
    each(id, rows);
  }
  // As Entropy meets them: every Results row by id, then every metadata row.
  const order = (w: RowWarning) => (w.entity === 'result' ? 0 : 1);
  rowWarnings.sort((a, b) => order(a) - order(b) || a.id - b.id);
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

/**
 * One experiment's rows against its file as it is: two rows for one place (or a place its
 * file already holds) are refused; metadata without a result beside it is warned of.
 */
function checkLayout(files: ProjectFiles, id: number, rows: readonly DecodedRow[]): Hdf5Warning[] {
  const existing = readExisting(files, experimentFile(id));
  const taken = new Map<string, string>([...existing.datasets].map((p) => [p, `an existing dataset of ${experimentFile(id)}`]));
  const contents = new Map(existing.groups);
  for (const r of rows) {
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
  const warnings: Hdf5Warning[] = [];
  for (const [group, names] of contents) {
    if (names.has('metadata') && !names.has('result')) {
      warnings.push({
        code: 'METADATA_WITHOUT_RESULT',
        message: `Experiment ${id}: metadata at ${group} has no result beside it; Entropy 0.15.9 reads this layout with a KeyError (its get_results() fails for this experiment).`,
      });
    }
  }
  return warnings;
}

/** What a row's own value and label warn of. */
function warningsOf(r: DecodedRow): Hdf5Warning[] {
  const where = `${TABLES[r.entity]} row ${r.id}`;
  const warnings: Hdf5Warning[] = [];
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
  return warnings;
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
  return walkRows(db, files);
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
  const offset = options.utcOffset ?? systemUtcOffset;
  let storedAsPickle = 0;
  const moved: { entity: Entity; id: number }[] = [];
  const plan = walkRows(db, files, (id, rows) => {
    const path = experimentFile(id);
    // Staged as soon as it is made: with a keeper (the CLI) it goes to disk at once.
    files.write(path, editHdf5(files.read(path), (file) => {
      for (const row of rows) {
        if (writeRow(file, row, offset).as === 'pickle') storedAsPickle++;
      }
    }));
    for (const row of rows) moved.push({ entity: row.entity, id: row.id });
  });
  for (const row of moved) db.run(`UPDATE "${TABLES[row.entity]}" SET saved_in_hdf5 = 1 WHERE id = ?`, [row.id]);
  return { ...plan, storedAsPickle };
}

export { GLOBAL_HDF5_BAK };
