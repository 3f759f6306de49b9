/**
 * A whole old Entropy project folder, as files: `.entropy/entropy.db` at a revision with
 * Results / ExperimentMetadata rows (some saved in HDF5, some only in SQLite), the
 * per-experiment `.entropy/hdf5/<id>.hdf5` files or the old global `.entropy/entropy.hdf5`
 * that hold the saved ones, and `.entropy/params.json` in one of Entropy's styles (or none).
 * The oracle suite writes these to disk and has Entropy and entropy-migrate upgrade them.
 * HDF5 needs h5wasm: await `loadHdf5()` (migrations/hdf5) before calling.
 */
import type { DbOpener } from '../../src/engine/index.ts';
import { buildEntropyDb, type BuildTarget } from './entropy-db.ts';
import { experimentHdf5, globalHdf5, insertRows, type GlobalResult, type RowSpec } from './hdf5-files.ts';
import { buildParamsJson, type ParamsJsonStyle } from './params-json.ts';
import { npyBytes, npyOf, pickled, PyComplex, PyDict, PyFloat, PySet, PyTuple, pyDatetime, type PyWritable } from './python-values.ts';
import { NdArrayValue, NumpyScalar } from '../hdf5/pickle-write.ts';
import { Random } from './random.ts';

export const DATABASE = '.entropy/entropy.db';
export const PARAMS_JSON = '.entropy/params.json';
export const GLOBAL_HDF5 = '.entropy/entropy.hdf5';
export const experimentHdf5Path = (id: number | bigint): string => `.entropy/hdf5/${id}.hdf5`;

export interface EntropyProjectOptions {
  /** The database's revision, or 'pre-alembic' (Entropy 0.1.x, no saved_in_hdf5 column). */
  readonly at: Exclude<BuildTarget, 'empty'>;
  readonly experiments?: number;
  /** Results and metadata rows; those with savedInHdf5 also go into the experiment's HDF5 file. */
  readonly rows?: readonly RowSpec[];
  /**
   * Rows kept in an old global `.entropy/entropy.hdf5` (Entropy 0.2-0.5): each is also a Results
   * row flagged saved_in_hdf5, as Entropy kept them, holding the same int32 value(s).
   */
  readonly globalResults?: readonly Omit<GlobalResult, 'migratedId'>[];
  /** params.json in one of Entropy's styles; null or absent for none. */
  readonly params?: ParamsJsonStyle | null;
  readonly paramsCommits?: number;
  readonly seed?: number;
}

/** The project's files: path relative to the project folder -> bytes. */
export type ProjectFiles = Map<string, Uint8Array>;

export function buildEntropyProject(open: DbOpener, options: EntropyProjectOptions): ProjectFiles {
  const seed = options.seed ?? 1;
  const rows = options.rows ?? [];
  const files: ProjectFiles = new Map();
  const empty = buildEntropyDb(open, { at: options.at, experiments: options.experiments ?? 3, rowsPerExperiment: 0, seed });
  const db = open(empty);
  try {
    db.exec('BEGIN');
    insertRows(db, rows);
    const global = options.globalResults ?? [];
    const ids = insertRows(
      db,
      global.map((g) => ({ experimentId: g.experimentId, stage: g.stage, label: g.label, savedInHdf5: true, time: g.time, ...pickled(g.shape.length === 0 ? g.values[0]! : nested(g.values, g.shape)) })),
    );
    db.exec('COMMIT');
    files.set(DATABASE, db.export());
    if (global.length > 0) {
      files.set(GLOBAL_HDF5, globalHdf5(global.map((g, i) => ({ ...g, time: isoOf(g.time), migratedId: ids[i]! }))));
    }
  } finally {
    db.close();
  }
  const saved = new Map<bigint, RowSpec[]>();
  for (const row of rows.filter((r) => r.savedInHdf5)) saved.set(BigInt(row.experimentId), [...(saved.get(BigInt(row.experimentId)) ?? []), row]);
  for (const [id, own] of [...saved].sort((a, b) => (a[0] < b[0] ? -1 : 1))) files.set(experimentHdf5Path(id), experimentHdf5(own));
  if (options.params) files.set(PARAMS_JSON, buildParamsJson({ seed, style: options.params, commits: options.paramsCommits }));
  return files;
}

/** A C-order list of lists of `values` in `shape`. */
function nested(values: readonly number[], shape: readonly number[]): PyWritable {
  if (shape.length === 1) return [...values];
  const step = values.length / shape[0]!;
  return Array.from({ length: shape[0]! }, (_, i) => nested(values.slice(i * step, (i + 1) * step), shape.slice(1)));
}

/** The global file's time attribute (isoformat with zone) for an SQLite DATETIME text. */
function isoOf(time: string | undefined): string | undefined {
  return time === undefined ? undefined : `${time.replace(' ', 'T')}+00:00`;
}

/** A row's data as Entropy serialized it. */
export type RowData = { readonly data: Uint8Array; readonly dataType: 'Pickled' | 'Npy' | 'String' };

const f64 = (...v: number[]) => new Float64Array(v);
const text = (repr: string): RowData => ({ data: new TextEncoder().encode(repr), dataType: 'String' });
const scalar = (descr: string, bytes: number[]): RowData => {
  const [, order, kind, size] = /^([<>|])([a-z])(\d+)$/.exec(descr)!;
  return { data: npyBytes({ kind: kind as 'f', itemsize: Number(size), order: order as '<' }, [], new Uint8Array(bytes)), dataType: 'Npy' };
};

/**
 * Python values of many types and shapes, as Entropy's save_result serialized them: the
 * catalogue the oracle's projects draw their rows from. Each one is something Entropy 0.15.9's
 * own upgrade moves into HDF5 without failing.
 */
export const PYTHON_VALUES: ReadonlyArray<readonly [string, RowData]> = [
  ['an_int', pickled(42)],
  ['negative_int', pickled(-7)],
  ['int64_max', pickled(9_223_372_036_854_775_807n)],
  ['big_int', pickled(2n ** 70n)],
  ['a_float', pickled(new PyFloat(3.25))],
  ['float_nan', pickled(new PyFloat(NaN))],
  ['float_inf', pickled(new PyFloat(-Infinity))],
  ['neg_zero', pickled(new PyFloat(-0))],
  ['a_str', pickled('hello')],
  ['unicode_str', pickled('量子ビット Ω/2π ✓ 😀')],
  ['empty_str', pickled('')],
  ['some_bytes', pickled(new Uint8Array([0x72, 0x61, 0x77, 0xff, 0x62]))],
  ['a_bool', pickled(true)],
  ['false', pickled(false)],
  ['a_none', pickled(null)],
  ['a_complex', pickled(new PyComplex(1, -2.5))],
  ['int_list', pickled([1, 2, 3])],
  ['float_list', pickled([new PyFloat(0.5), new PyFloat(1.5)])],
  ['nested_list', pickled([[1, 2], [3, 4], [5, 6]])],
  ['str_list', pickled(['a', 'bc', 'ünï'])],
  ['mixed_list', pickled([1, 'a', new PyFloat(2)])],
  ['bool_list', pickled([true, false])],
  ['empty_list', pickled([])],
  ['a_tuple', pickled(new PyTuple([1, 2]))],
  ['a_dict', pickled(new PyDict([['a', 1], ['b', [new PyFloat(1.5), 'x']]]))],
  ['a_set', pickled(new PySet([3]))],
  ['a_datetime', pickled(pyDatetime(2021, 1, 2, 3, 4, 5))],
  ['np_float64_pickled', pickled(new NumpyScalar({ kind: 'f', itemsize: 8, order: '<' }, new Uint8Array(new Float64Array([2.5]).buffer)))],
  ['np_array_in_list', pickled([new NdArrayValue({ dtype: { kind: 'i', itemsize: 8, order: '<' }, shape: [2], data: new Uint8Array(new BigInt64Array([1n, 2n]).buffer) })])],
  ['np_arrays_in_list', pickled([new NdArrayValue({ dtype: { kind: 'f', itemsize: 4, order: '<' }, shape: [2], data: new Uint8Array(new Float32Array([0.5, 1]).buffer) }), [new PyFloat(2), 3]])],
  ['np_scalar_and_int', pickled([new NumpyScalar({ kind: 'u', itemsize: 1, order: '|' }, new Uint8Array([255])), -1])],
  ['np_2d', npyOf(f64(0, 1, 2, 3, 4, 5), [2, 3])],
  ['np_3d_int32', npyOf(new Int32Array([1, -2, 3, -4, 5, -6, 7, -8]), [2, 2, 2])],
  ['np_float32', npyOf(new Float32Array([0.25, -1e10, 3]), [3])],
  ['np_int8', npyOf(new Int8Array([-128, 0, 127]), [3])],
  ['np_uint8', npyOf(new Uint8Array([0, 128, 255]), [3])],
  ['np_uint16', npyOf(new Uint16Array([1, 65535]), [2])],
  ['np_int64', npyOf(new BigInt64Array([-9_000_000_000n, 5n]), [2])],
  ['np_fortran', { data: npyBytes({ kind: 'f', itemsize: 8, order: '<' }, [2, 3], new Uint8Array(f64(0, 3, 1, 4, 2, 5).buffer), true), dataType: 'Npy' }],
  ['np_empty', npyOf(f64(), [0])],
  ['np_scalar_f8', scalar('<f8', [...new Uint8Array(f64(2.5).buffer)])],
  ['np_scalar_i8', scalar('<i8', [7, 0, 0, 0, 0, 0, 0, 0])],
  ['np_bool', { data: npyBytes({ kind: 'b', itemsize: 1, order: '|' }, [3], new Uint8Array([1, 0, 1])), dataType: 'Npy' }],
  ['np_complex', { data: npyBytes({ kind: 'c', itemsize: 16, order: '<' }, [2], new Uint8Array(f64(1, 2, 3, -4).buffer)), dataType: 'Npy' }],
  ['np_big_endian', { data: npyBytes({ kind: 'f', itemsize: 8, order: '>' }, [2], new Uint8Array([0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0])), dataType: 'Npy' }],
  ['np_bytes_S', { data: npyBytes({ kind: 'S', itemsize: 3, order: '|' }, [2], new TextEncoder().encode('abcxy\u0000')), dataType: 'Npy' }],
  ['string_repr', text("'a repr ✓'")],
  ['string_object', text('<object at 0x7f>')],
];

/** Labels that have tripped up tools: unicode, spaces, quotes, dots, control-free oddities (never '/'). */
export const ODD_LABELS: readonly string[] = [
  'plain',
  'with space',
  'ünïcödé',
  '量子ビット',
  'emoji 🧪⚛️',
  "quote's \"double\"",
  'semi;colon -- dash',
  'dot.ted',
  'back\\slash',
  'tab\there',
  '#hash %percent &amp',
  '.',
  '..',
  'x'.repeat(200),
];

export interface RowMixOptions {
  readonly experiments: readonly number[];
  /** Rows per experiment. */
  readonly perExperiment: number;
  /** Share saved in HDF5 (0 = all still in SQLite). */
  readonly savedShare: number;
  /** Share of rows that are metadata; each metadata row reuses a result's (stage, label). */
  readonly metadataShare?: number;
  readonly labels?: readonly string[];
  readonly values?: ReadonlyArray<readonly [string, RowData]>;
  readonly stages?: number;
  readonly seed: number;
}

/**
 * Rows drawn from the catalogue: every (stage, label) of an experiment distinct among its
 * results; metadata only under a (stage, label) a result has (Entropy's reader needs one), at
 * most one each.
 */
export function rowMix(options: RowMixOptions): RowSpec[] {
  const random = new Random(options.seed);
  const values = options.values ?? PYTHON_VALUES;
  const labels = options.labels ?? ['r'];
  const out: RowSpec[] = [];
  let clock = 0;
  const time = () => {
    clock += 1 + random.int(0, 5000);
    const s = clock % 60;
    const m = Math.floor(clock / 60) % 60;
    const h = Math.floor(clock / 3600) % 24;
    return `2022-0${1 + (clock % 9)}-1${clock % 10} ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(random.int(0, 999_999)).padStart(6, '0')}`;
  };
  for (const experimentId of options.experiments) {
    const results: RowSpec[] = [];
    for (let i = 0; i < options.perExperiment; i++) {
      const [name, data] = values[(i + experimentId * 7) % values.length]!;
      const stage = random.int(0, (options.stages ?? 3) - 1);
      const label = `${labels[random.int(0, labels.length - 1)]} ${name} ${i}`;
      const savedInHdf5 = random.next() < options.savedShare;
      const isMetadata = results.length > 0 && random.next() < (options.metadataShare ?? 0.2);
      if (isMetadata) {
        // one metadata row per (stage, label), as an HDF5 group holds one `metadata` dataset
        const of = results.splice(random.int(0, results.length - 1), 1)[0]!;
        out.push({ entity: 'metadata', experimentId, stage: of.stage, label: of.label, ...data, savedInHdf5, time: time() });
      } else {
        const row: RowSpec = { experimentId, stage, label, ...data, savedInHdf5, time: time(), story: random.next() < 0.3 ? null : `story ✓ ${i}` };
        results.push(row);
        out.push(row);
      }
    }
  }
  return out;
}
