/**
 * Entropy's Results and ExperimentMetadata rows with saved_in_hdf5 = 0, read and decoded as
 * `ResultTable.to_record()` does (SQLAlchemy's Enum by name, its SQLite DATETIME parser,
 * `_decode_serialized_data`), and classified by what h5py would store.
 */
import { hasTable, columnsOf, isOutOfMemory, OutOfMemoryError, printable, type Db, type SqlValue } from '../../src/engine/index.ts';
import { Hdf5MoveError } from './errors.ts';
import { needBatched } from './small-asks.ts';
import { storageOf, type Storage } from './h5py-storage.ts';
import { namesItsStage } from './layout.ts';
import { NpyError, parseNpy } from './npy.ts';
import { UnsupportedDtypeError } from './ndarray.ts';
import { compareIds, type IdText } from './ids.ts';
import { NdArrayValue, pickleDumps } from './pickle-write.ts';
import { PickleError, pickleLoads } from './pickle-read.ts';
import { strictUtf8 } from '../support/python-text.ts';

export type Entity = 'result' | 'metadata';

export const TABLES: Record<Entity, string> = { result: 'Results', metadata: 'ExperimentMetadata' };

export interface PendingRow {
  readonly entity: Entity;
  /** The row's id, exact (see ids.ts); '0' for a value saved straight into HDF5, not migrated. */
  readonly id: IdText;
  readonly experimentId: IdText;
  readonly stage: IdText;
  readonly label: string;
  readonly story: string | null;
  readonly time: LocalTime;
}

/** A naive datetime as SQLAlchemy reads it from SQLite. */
export interface LocalTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
}

export interface DecodedRow extends PendingRow {
  readonly storage: Storage;
  /** The pickle Entropy writes when h5py refuses the value. */
  readonly originalPickle: () => Uint8Array;
}

/** Whether `entity`'s table has the saved_in_hdf5 flag (revision 04ae19b32c08 adds it). */
function flagged(db: Db, entity: Entity): boolean {
  const table = TABLES[entity];
  return hasTable(db, table) && columnsOf(db, table).some((c) => c.name === 'saved_in_hdf5');
}

/** How many rows of `entity` wait in SQLite, without decoding them. */
export function countPending(db: Db, entity: Entity): number {
  if (!flagged(db, entity)) return 0;
  return Number(db.query(`SELECT count(*) AS n FROM "${TABLES[entity]}" WHERE saved_in_hdf5 IS 0`)[0]!.n);
}

/** A waiting row, without its data: its id, and the bytes its value takes in SQLite. */
export interface PendingId {
  readonly id: IdText;
  readonly bytes: number;
}

/** One experiment's waiting rows, by id: its results, then its metadata. */
export interface ExperimentRows {
  readonly result: readonly PendingId[];
  readonly metadata: readonly PendingId[];
}

/**
 * Which rows wait in SQLite, without their data: ids by experiment, experiments in ascending
 * order. A row Entropy could not place (no experiment, stage or label) is refused here, in
 * the order Entropy meets rows (Results, then metadata; by id).
 */
export function pendingByExperiment(db: Db): Map<IdText, ExperimentRows> {
  const found = new Map<IdText, { result: PendingId[]; metadata: PendingId[] }>();
  for (const entity of ['result', 'metadata'] as const) {
    if (!flagged(db, entity)) continue;
    const table = TABLES[entity];
    // As text: SQLite's 64-bit integers are exact there, not in a JavaScript number. The
    // values' sizes come with them (length() of a blob does not read it): pendingRows asks the
    // budget for them without looking them up again, row by row in the table.
    const rows = db.query(
      `SELECT CAST(id AS TEXT) AS id, CAST(experiment_id AS TEXT) AS experiment_id, typeof(experiment_id) AS experiment_type, CAST(stage AS TEXT) AS stage, typeof(stage) AS stage_type, label, coalesce(length(data), 0) AS bytes FROM "${table}" WHERE saved_in_hdf5 IS 0 ORDER BY "${table}".id`,
    );
    for (const r of rows) {
      // Said only when a row is refused: made for every row, it cost a whole-project run 50 ms.
      const where = () => rowWhere(table, r);
      if (r.experiment_id === null || r.stage === null || r.label === null) {
        throw new Hdf5MoveError('UNREADABLE_ROW', `${where()} has no experiment, stage or label, so it has no place in Entropy's HDF5 files.`, { table, id: r.id });
      }
      if (namesItsStage(String(r.label))) {
        throw new Hdf5MoveError(
          'UNREADABLE_ROW',
          `${where()} has a label whose last part is ".", which names its stage's group rather than a place in it, so it has no place in Entropy's HDF5 files (Entropy's own upgrade stops there).`,
          { table, id: r.id },
        );
      }
      if (r.experiment_type !== 'integer' || r.stage_type !== 'integer') {
        const [what, value] = r.experiment_type !== 'integer' ? ['experiment id', r.experiment_id] : ['stage', r.stage];
        throw new Hdf5MoveError(
          'UNREADABLE_ROW',
          `${where()} has the ${what} "${printable(String(value), 40)}", which is not a whole number, so it has no place in Entropy's HDF5 files.`,
          { table, id: r.id },
        );
      }
      const id = String(r.experiment_id);
      const mine = found.get(id) ?? { result: [], metadata: [] };
      mine[entity].push({ id: String(r.id), bytes: Number(r.bytes) });
      found.set(id, mine);
    }
  }
  return new Map([...found].sort(([a], [b]) => compareIds(a, b)));
}

/**
 * A row as sentences name it: "Results row 7 (experiment 2, label "x")"; what comes from the
 * file is made printable (a label may hold a newline or a terminal escape).
 */
export function rowWhere(table: string, r: { id?: SqlValue; experiment_id?: SqlValue; label?: SqlValue }): string {
  const parts = [
    r.experiment_id === null || r.experiment_id === undefined ? null : `experiment ${printable(String(r.experiment_id), 30)}`,
    r.label === null || r.label === undefined ? null : `label "${printable(String(r.label), 60)}"`,
  ].filter(Boolean);
  return `${table} row ${String(r.id)}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** Row ids fetched per query: well under SQLite's bound on parameters. */
const IDS_PER_QUERY = 500;

/**
 * The waiting rows `pending` of `entity`'s table with their data, in id order, a few hundred at
 * a time: the caller holds one experiment's rows, never the whole table's.
 */
export function* pendingRows(db: Db, entity: Entity, pending: readonly PendingId[]): Generator<{ row: PendingRow; data: SqlValue; dataType: SqlValue }> {
  const table = TABLES[entity];
  const story = entity === 'result' ? 'story' : 'NULL AS story';
  for (let at = 0; at < pending.length; at += IDS_PER_QUERY) {
    const batch = pending.slice(at, at + IDS_PER_QUERY);
    const some = batch.map((p) => p.id);
    const marks = some.map(() => '?').join(', ');
    // Their values are held twice for a while (as SQLite hands them over, and decoded): asked of
    // the budget before they are read.
    const bytes = batch.reduce((sum, p) => sum + p.bytes, 0);
    needBatched(2 * bytes, `${some.length === 1 ? 'a row' : `${some.length} rows`} of ${table}`);
    const rows = db.query(
      `SELECT CAST(id AS TEXT) AS id, CAST(experiment_id AS TEXT) AS experiment_id, CAST(stage AS TEXT) AS stage, label, ${story}, time, data, data_type FROM "${table}" WHERE "${table}".id IN (${marks}) ORDER BY "${table}".id`,
      some,
    );
    for (const r of rows) {
      const where = () => rowWhere(table, r);
      yield {
        row: {
          entity,
          id: String(r.id),
          experimentId: String(r.experiment_id),
          stage: String(r.stage),
          label: String(r.label),
          story: r.story === null ? null : String(r.story),
          time: parseSqliteDatetime(r.time, where),
        },
        data: r.data,
        dataType: r.data_type,
      };
    }
  }
}

/** Flags rows of `entity` saved_in_hdf5 = 1, a few hundred per statement rather than one each. */
export function flagMoved(db: Db, entity: Entity, ids: readonly IdText[]): void {
  const table = TABLES[entity];
  for (let at = 0; at < ids.length; at += IDS_PER_QUERY) {
    const some = ids.slice(at, at + IDS_PER_QUERY);
    db.run(`UPDATE "${table}" SET saved_in_hdf5 = 1 WHERE id IN (${some.map(() => '?').join(', ')})`, some);
  }
}

/** SQLAlchemy's SQLite DATETIME reading: "Y-M-D[ H:M:S[.digits]]", the digits taken as microseconds. */
export function parseSqliteDatetime(value: SqlValue, where: string | (() => string)): LocalTime {
  const m = typeof value === 'string' ? /^(\d+)-(\d+)-(\d+)(?: (\d+):(\d+):(\d+)(?:\.(\d+))?)?/.exec(value) : null;
  const n = (i: number) => Number(m?.[i] ?? 0);
  if (!m || n(7) > 999_999) throw new Hdf5MoveError('UNREADABLE_ROW', `${typeof where === 'string' ? where : where()} has a time Entropy cannot read: "${printable(String(value), 40)}".`, { time: String(value) });
  return { year: n(1), month: n(2), day: n(3), hour: n(4), minute: n(5), second: n(6), microsecond: n(7) };
}

function asBytes(data: SqlValue): Uint8Array | null {
  // A Node Buffer (native SQLite's blobs) as a plain view: Buffer.slice() does not copy, so code
  // that copies with slice() would otherwise share, and see other bytes of its pool.
  if (data instanceof Uint8Array) return Object.getPrototypeOf(data) === Uint8Array.prototype ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (typeof data === 'string') return new TextEncoder().encode(data);
  return null;
}

/** `_decode_serialized_data` and then what h5py does with the value. */
export function decodeRow(row: PendingRow, data: SqlValue, dataType: SqlValue): DecodedRow {
  const whereText = () => rowWhere(TABLES[row.entity], { id: row.id, experiment_id: row.experimentId, label: row.label });
  const bytes = asBytes(data);
  if (bytes === null) throw new Hdf5MoveError('UNREADABLE_ROW', `${whereText()} holds no data, which Entropy cannot read.`, { id: row.id });
  try {
    if (dataType === 'Pickled') {
      return { ...row, storage: storageOf(pickleLoads(bytes)), originalPickle: () => bytes };
    }
    if (dataType === 'Npy') {
      const array = parseNpy(bytes);
      return { ...row, storage: array.dtype.kind === 'U' ? { kind: 'original' } : { kind: 'array', array }, originalPickle: () => pickleDumps(new NdArrayValue(array)) };
    }
    if (dataType === 'String' || dataType === null) {
      const text = strictUtf8.decode(bytes);
      return { ...row, storage: { kind: 'text', text, utf8: bytes }, originalPickle: () => pickleDumps(text) };
    }
  } catch (e) {
    if (e instanceof Hdf5MoveError) throw e;
    const where = whereText();
    // over the memory budget: the run's one sentence says so; the detail says where
    if (isOutOfMemory(e)) throw new OutOfMemoryError(`${where}: ${String(e instanceof OutOfMemoryError ? e.data.detail : (e as Error)?.message)}`);
    if (e instanceof PickleError) {
      throw new Hdf5MoveError('UNREADABLE_ROW', `${where} holds a pickle on which Entropy's own upgrade stops too (${e.message}).`, { id: row.id });
    }
    const unsupported = e instanceof UnsupportedDtypeError || e instanceof NpyError;
    throw new Hdf5MoveError(
      unsupported ? 'UNSUPPORTED_VALUE' : 'UNREADABLE_ROW',
      `${where} holds ${String(dataType)} data that ${unsupported ? 'this tool cannot carry into HDF5' : 'cannot be read'}: ${(e as Error).message}`,
      { id: row.id },
    );
  }
  throw new Hdf5MoveError('UNREADABLE_ROW', `${whereText()} has data_type "${printable(String(dataType), 40)}", which Entropy does not know.`, { id: row.id });
}
