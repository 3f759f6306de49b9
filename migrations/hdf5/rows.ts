/**
 * Entropy's Results and ExperimentMetadata rows with saved_in_hdf5 = 0, read and decoded as
 * `ResultTable.to_record()` does (SQLAlchemy's Enum by name, its SQLite DATETIME parser,
 * `_decode_serialized_data`), and classified by what h5py would store.
 */
import { hasTable, columnsOf, type Db, type SqlValue } from '../../src/engine/index.ts';
import { Hdf5MoveError } from './errors.ts';
import { storageOf, type Storage } from './h5py-storage.ts';
import { NpyError, parseNpy } from './npy.ts';
import { UnsupportedDtypeError } from './ndarray.ts';
import { NdArrayValue, pickleDumps } from './pickle-write.ts';
import { pickleLoads } from './pickle-read.ts';

export type Entity = 'result' | 'metadata';

export const TABLES: Record<Entity, string> = { result: 'Results', metadata: 'ExperimentMetadata' };

export interface PendingRow {
  readonly entity: Entity;
  readonly id: number;
  readonly experimentId: number;
  readonly stage: number;
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

/** How many rows of `entity` wait in SQLite, without decoding them. */
export function countPending(db: Db, entity: Entity): number {
  const table = TABLES[entity];
  if (!hasTable(db, table) || !columnsOf(db, table).some((c) => c.name === 'saved_in_hdf5')) return 0;
  return Number(db.query(`SELECT count(*) AS n FROM "${table}" WHERE saved_in_hdf5 IS 0`)[0]!.n);
}

/** The rows Entropy's upgrade moves, in the order it moves them (Results, then metadata; by id). */
export function* pendingRows(db: Db): Generator<{ row: PendingRow; data: SqlValue; dataType: SqlValue }> {
  for (const entity of ['result', 'metadata'] as const) {
    if (countPending(db, entity) === 0) continue;
    const table = TABLES[entity];
    const story = entity === 'result' ? 'story' : 'NULL AS story';
    const rows = db.query(
      `SELECT id, experiment_id, stage, label, ${story}, time, data, data_type FROM "${table}" WHERE saved_in_hdf5 IS 0 ORDER BY id`,
    );
    for (const r of rows) {
      const where = `${table} row ${String(r.id)}`;
      if (r.experiment_id === null || r.stage === null || r.label === null) {
        throw new Hdf5MoveError('UNREADABLE_ROW', `${where} has no experiment, stage or label, so it has no place in Entropy's HDF5 files.`, { table, id: r.id });
      }
      yield {
        row: {
          entity,
          id: Number(r.id),
          experimentId: Number(r.experiment_id),
          stage: Number(r.stage),
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

/** SQLAlchemy's SQLite DATETIME reading: "Y-M-D[ H:M:S[.digits]]", the digits taken as microseconds. */
export function parseSqliteDatetime(value: SqlValue, where: string): LocalTime {
  const m = typeof value === 'string' ? /^(\d+)-(\d+)-(\d+)(?: (\d+):(\d+):(\d+)(?:\.(\d+))?)?/.exec(value) : null;
  const n = (i: number) => Number(m?.[i] ?? 0);
  if (!m || n(7) > 999_999) throw new Hdf5MoveError('UNREADABLE_ROW', `${where} has a time Entropy cannot read: ${String(value)}.`, { time: String(value) });
  return { year: n(1), month: n(2), day: n(3), hour: n(4), minute: n(5), second: n(6), microsecond: n(7) };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function asBytes(data: SqlValue): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (typeof data === 'string') return new TextEncoder().encode(data);
  return null;
}

/** `_decode_serialized_data` and then what h5py does with the value. */
export function decodeRow(row: PendingRow, data: SqlValue, dataType: SqlValue): DecodedRow {
  const where = `${TABLES[row.entity]} row ${row.id}`;
  const bytes = asBytes(data);
  if (bytes === null) throw new Hdf5MoveError('UNREADABLE_ROW', `${where} holds no data, which Entropy cannot read.`, { id: row.id });
  try {
    if (dataType === 'Pickled') {
      return { ...row, storage: storageOf(pickleLoads(bytes)), originalPickle: () => bytes };
    }
    if (dataType === 'Npy') {
      const array = parseNpy(bytes);
      return { ...row, storage: array.dtype.kind === 'U' ? { kind: 'original' } : { kind: 'array', array }, originalPickle: () => pickleDumps(new NdArrayValue(array)) };
    }
    if (dataType === 'String' || dataType === null) {
      const text = utf8.decode(bytes);
      return { ...row, storage: { kind: 'text', text }, originalPickle: () => pickleDumps(text) };
    }
  } catch (e) {
    if (e instanceof Hdf5MoveError) throw e;
    const unsupported = e instanceof UnsupportedDtypeError || e instanceof NpyError;
    throw new Hdf5MoveError(
      unsupported ? 'UNSUPPORTED_VALUE' : 'UNREADABLE_ROW',
      `${where} holds ${String(dataType)} data that ${unsupported ? 'this tool cannot carry into HDF5' : 'cannot be read'}: ${(e as Error).message}`,
      { id: row.id },
    );
  }
  throw new Hdf5MoveError('UNREADABLE_ROW', `${where} has data_type "${String(dataType)}", which Entropy does not know.`, { id: row.id });
}
