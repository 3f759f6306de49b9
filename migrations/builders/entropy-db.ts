/**
 * Builds Entropy databases at any revision, with rows, from this project's own migrations:
 * the tests, the page's sample button, the benchmark and the fuzzer all start here. Rows
 * are written at the start (into Entropy's original tables) and then carried through the
 * real migrations, as a user's data would be.
 */
import {
  columnsOf,
  hasTable,
  Migrator,
  quoteIdent,
  type Column,
  type Db,
  type DbOpener,
  type SqlValue,
} from '../../src/engine/index.ts';
import { chain, entropy } from '../index.ts';
import { Random } from './random.ts';
import { npyOf, pickled, PyFloat, type PyWritable } from './python-values.ts';

/** "empty": no tables; "pre-alembic": Entropy's tables without alembic_version; else a revision. */
export type BuildTarget = 'empty' | 'pre-alembic' | string;

export interface BuildOptions {
  readonly at: BuildTarget;
  readonly experiments?: number;
  /** Results and ExperimentMetadata rows per experiment. */
  readonly rowsPerExperiment?: number;
  /** Size range of each result's BLOB, in bytes. */
  readonly blobBytes?: readonly [number, number];
  /**
   * Share of Results / ExperimentMetadata rows flagged saved_in_hdf5 (where the column exists).
   * The builder writes no HDF5 file for them, and a whole project whose files do not hold its
   * flagged rows is refused: a project folder's database is built with 0.
   */
  readonly savedInHdf5Share?: number;
  readonly seed?: number;
  /**
   * Whether pickled bytes values may hold NUL bytes (default true). Entropy's own HDF5 move
   * stops at one ("VLEN strings do not support embedded NULLs"), so a project Entropy itself
   * must upgrade (the benchmark's whole-project row) is built without.
   */
  readonly bytesWithNul?: boolean;
}

/** Text that has tripped up migration tools: quotes, unicode, empty and long strings. */
const AWKWARD_TEXT = [
  "it's a \"quoted\" label",
  'Rabi oscillation — Ω/2π = 5 MHz',
  '量子ビット 校正',
  '',
  'emoji 🧪⚛️',
  'semi; colon -- not a comment',
  'x'.repeat(300),
];
const ENUMS: Record<string, readonly string[]> = {
  data_type: ['Pickled', 'String', 'Npy'],
  driver_type: ['Packaged', 'Local'],
};

interface Fill {
  readonly table: string;
  readonly count: (options: Required<BuildOptions>) => number;
}

/** Parents before children, so foreign keys point at rows that exist. */
const FILLS: readonly Fill[] = [
  { table: 'Experiments', count: (o) => o.experiments },
  { table: 'Resources', count: () => 3 },
  { table: 'ResourcesSnapshots', count: () => 4 },
  { table: 'Debug', count: (o) => o.experiments },
  { table: 'Nodes', count: (o) => o.experiments * 2 },
  { table: 'Plots', count: (o) => o.experiments },
  { table: 'Results', count: (o) => o.experiments * o.rowsPerExperiment },
  { table: 'ExperimentMetadata', count: (o) => o.experiments * o.rowsPerExperiment },
  { table: 'Figures', count: (o) => o.experiments },
];

function valueFor(column: Column, row: number, o: Required<BuildOptions>, rng: Random): SqlValue {
  const type = column.type.toUpperCase();
  const nullable = column.nullable !== false;
  if (column.name === 'id') return row;
  if (column.name === 'experiment_id') return (row % o.experiments) + 1;
  if (column.name === 'driver_id') return (row % 3) + 1;
  if (ENUMS[column.name]) return rng.pick(ENUMS[column.name]!);
  if (nullable && rng.next() < 0.1) return null;
  if (type.startsWith('INT')) return rng.int(-1000, 1_000_000);
  if (type === 'BOOLEAN') return rng.int(0, 1);
  if (type === 'DATETIME') return `2022-0${rng.int(1, 9)}-1${rng.int(0, 9)} 1${rng.int(0, 9)}:${rng.int(10, 59)}:${rng.int(10, 59)}.${rng.int(100000, 999999)}`;
  if (type === 'BLOB') return rng.bytes(rng.int(o.blobBytes[0], o.blobBytes[1]));
  return `${rng.pick(AWKWARD_TEXT)} #${row}`;
}

/** A Python value of about `size` bytes when pickled, of one of several kinds. */
function pythonValue(rng: Random, size: number, bytesWithNul: boolean): PyWritable {
  switch (rng.int(0, 4)) {
    case 0:
      return rng.int(-1_000_000, 1_000_000);
    case 1:
      return new PyFloat(rng.next() * 1000 - 500);
    case 2:
      return `${rng.pick(AWKWARD_TEXT)} ${'·'.repeat(Math.max(0, size / 3))}`.slice(0, Math.max(1, size));
    case 3:
      return Array.from({ length: Math.max(1, Math.min(64, size >> 3)) }, () => rng.int(0, 1000));
    default: {
      const bytes = rng.bytes(size);
      return bytesWithNul ? bytes : bytes.map((b) => b || 1);
    }
  }
}

/**
 * A result's or metadata row's data as Entropy serializes it for its data_type: numpy's
 * .npy bytes, a pickle, or the repr of a value as UTF-8 (model.py, _encode_serialized_data),
 * so that the HDF5 move after the chain reads them as Entropy would.
 */
function serialized(dataType: string, size: number, rng: Random, bytesWithNul: boolean): Uint8Array {
  if (dataType === 'Npy') return npyOf(Float64Array.from({ length: Math.max(1, size >> 3) }, () => rng.next()), [Math.max(1, size >> 3)]).data;
  if (dataType === 'Pickled') return pickled(pythonValue(rng, size, bytesWithNul)).data;
  const text = `${rng.pick(AWKWARD_TEXT).replace(/'/g, '')} #${rng.int(0, 1000)} `;
  return new TextEncoder().encode(`'${text.repeat(Math.max(1, Math.ceil(size / text.length))).slice(0, Math.max(text.length, size))}'`);
}

const REQUIRED_IN_ROWS = new Set(['stage', 'label', 'time', 'data', 'data_type']);

function fillTable(db: Db, table: string, count: number, o: Required<BuildOptions>, rng: Random): void {
  if (!hasTable(db, table) || count === 0) return;
  const columns = columnsOf(db, table);
  const sql = `INSERT INTO ${quoteIdent(table)} (${columns.map((c) => quoteIdent(c.name)).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
  const dataAt = columns.findIndex((c) => c.name === 'data');
  const typeAt = columns.findIndex((c) => c.name === 'data_type');
  // Entropy always gives a result or metadata row its stage, label, time and data (save_result
  // requires them); only the rest may be NULL or empty.
  const required = table === 'Results' || table === 'ExperimentMetadata' ? REQUIRED_IN_ROWS : new Set<string>();
  for (let row = 1; row <= count; row++) {
    const values = columns.map((c) => valueFor(required.has(c.name) ? { ...c, nullable: false } : c, row, o, rng));
    const labelAt = columns.findIndex((c) => c.name === 'label');
    if (required.has('label') && labelAt >= 0 && values[labelAt] === ` #${row}`) values[labelAt] = `label #${row}`;
    if (dataAt >= 0 && typeAt >= 0 && values[typeAt] !== null) {
      values[dataAt] = serialized(String(values[typeAt]), rng.int(o.blobBytes[0], o.blobBytes[1]), rng, o.bytesWithNul);
    }
    db.run(sql, values);
  }
}

function flagSavedInHdf5(db: Db, share: number, rng: Random): void {
  for (const table of ['Results', 'ExperimentMetadata']) {
    if (!hasTable(db, table) || !columnsOf(db, table).some((c) => c.name === 'saved_in_hdf5')) continue;
    const ids = db.query(`SELECT id FROM ${quoteIdent(table)} ORDER BY id`).map((r) => Number(r.id));
    for (const id of ids) {
      if (rng.next() < share) db.run(`UPDATE ${quoteIdent(table)} SET saved_in_hdf5 = 1 WHERE id = ?`, [id]);
    }
  }
}

/** Builds a database at `options.at`, filled with deterministic rows; returns its bytes. */
export function buildEntropyDb(open: DbOpener, options: BuildOptions): Uint8Array {
  const o: Required<BuildOptions> = {
    experiments: 3,
    rowsPerExperiment: 2,
    blobBytes: [0, 2048],
    savedInHdf5Share: 0.5,
    seed: 1,
    bytesWithNul: true,
    ...options,
  };
  const rng = new Random(o.seed);
  const bytes = preAlembic(open, o, rng);
  if (o.at === 'empty' || o.at === 'pre-alembic') return bytes;
  return finish(open, new Migrator(open, entropy).migrate(bytes, { direction: 'upgrade', target: o.at }).bytes, o, rng);
}

/**
 * Entropy's original tables, with rows, and no version table: a pre-Alembic database (an
 * empty file for 'empty'). Closed before the migration opens its own copy, so that a big
 * database is not in memory twice over.
 */
function preAlembic(open: DbOpener, o: Required<BuildOptions>, rng: Random): Uint8Array {
  const db = o.at === 'empty' ? open(null) : new Migrator(open, entropy).build(chain.bases[0]!);
  try {
    if (o.at !== 'empty') {
      db.exec('DROP TABLE alembic_version');
      db.exec('BEGIN');
      for (const fill of FILLS) fillTable(db, fill.table, fill.count(o), o, rng);
      db.exec('COMMIT');
    }
    return db.export();
  } finally {
    db.close();
  }
}

/** Flags rows as saved in HDF5 and fills tables that later revisions created. */
function finish(open: DbOpener, bytes: Uint8Array, o: Required<BuildOptions>, rng: Random): Uint8Array {
  const db = open(bytes);
  try {
    db.exec('BEGIN');
    flagSavedInHdf5(db, o.savedInHdf5Share, rng);
    if (hasTable(db, 'Figures') && Number(db.query('SELECT count(*) AS n FROM "Figures"')[0]!.n) === 0) {
      fillTable(db, 'Figures', o.experiments, o, rng);
    }
    db.exec('COMMIT');
    return db.export();
  } finally {
    db.close();
  }
}
