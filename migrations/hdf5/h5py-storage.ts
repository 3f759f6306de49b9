/**
 * What h5py's `group.create_dataset(name, data=value)` makes of a Python value, and so what
 * Entropy reads back: numpy converts the value (np.asarray, np-asarray.ts for lists), h5py
 * maps the dtype to an HDF5 type, and a TypeError on the way makes Entropy pickle the original
 * value instead.
 */
import { memoryMeter } from '../../src/engine/index.ts';
import { toLittleEndian, type Dtype, type NdArray } from './ndarray.ts';
import { listStorage } from './np-asarray.ts';
import { commonDtype, readNumber, writeNumber } from './np-numbers.ts';
import { NumpyArray, NumpyScalar, PandasFrame, PickleError, PyByteArray, type PyValue } from './pickle-read.ts';
import type { Storage } from './storage-kinds.ts';

export type { Storage } from './storage-kinds.ts';

/** Classifies a value read from a Pickled row. */
export function storageOf(value: PyValue): Storage {
  if (typeof value === 'string') return { kind: 'text', text: value };
  if (value instanceof Uint8Array) return { kind: 'bytes', bytes: value };
  if (value instanceof PyByteArray) return { kind: 'array', array: { dtype: { kind: 'u', itemsize: 1, order: '|' }, shape: [value.bytes.length], data: value.bytes } };
  if (value instanceof NumpyArray) return value.array && value.array.dtype.kind !== 'U' ? { kind: 'array', array: value.array } : { kind: 'original' };
  if (value instanceof NumpyScalar) {
    const dtype = value.dtype.dtype;
    return dtype && value.raw && dtype.kind !== 'U' ? { kind: 'array', array: { dtype, shape: [], data: value.raw } } : { kind: 'original' };
  }
  if (value instanceof PandasFrame) return frameStorage(value);
  if (Array.isArray(value)) return listStorage(value);
  const module = (value as { __module__?: unknown } | null)?.__module__;
  if (typeof module === 'string') {
    return /^(pandas|xarray|numpy)\b/.test(module)
      ? { kind: 'original', note: `a ${module} object: Entropy's h5py may store it as an array; it is kept as Entropy's pickle` }
      : { kind: 'original' };
  }
  if (value instanceof Map || value instanceof Set || value === null || value === undefined) return { kind: 'original' };
  // a scalar: np.asarray(v) is np.asarray([v]) with shape ()
  const one = listStorage([value]);
  return one.kind === 'array' ? { kind: 'array', array: { ...one.array, shape: [] } } : one;
}

/** np.asarray(DataFrame): its blocks interleaved into one (rows, columns) array of a common dtype. */
function frameStorage(frame: PandasFrame): Storage {
  const manager = frame.manager;
  const unsure: Storage = { kind: 'original', note: "a pandas DataFrame this tool cannot read: kept as Entropy's pickle, Entropy itself may store an array" };
  if (!manager) return unsure;
  manager.verify();
  const blocks = manager.blocks.map((b) => ({ array: b.values instanceof NumpyArray ? b.values.array : null, placement: b.placement }));
  if (blocks.some((b) => b.array === null || b.placement === null)) {
    // object, string or extension-typed columns: np.asarray gives an object array, h5py a TypeError
    return { kind: 'original' };
  }
  const arrays = blocks.map((b) => toLittleEndian(b.array!));
  if (arrays.some((a) => a.shape.length !== 2)) return unsure;
  const kinds = new Set(arrays.map((a) => a.dtype.kind));
  let dtype: Dtype | null;
  if ([...kinds].some((k) => !'iufc'.includes(k))) {
    if (!(kinds.has('b') && kinds.size === 1)) return { kind: 'original' };
    dtype = arrays[0]!.dtype;
  } else dtype = commonDtype(arrays.map((a) => a.dtype));
  if (!dtype) return unsure;
  const [columns, rows] = [Number(manager.columns), Number(manager.rows)];
  // the result, and a position per column: asked before any is made (a block of 0 rows can name 2^40 columns)
  memoryMeter().need(rows * columns * dtype.itemsize + columns * 9, 'a pandas DataFrame read as a numpy array');
  return interleave(arrays, blocks.map((b) => b.placement!.indices()), columns, rows, dtype);
}

/** _interleave: each block's rows go to the columns its placement names; every column is filled once. */
function interleave(arrays: readonly NdArray[], locs: readonly (readonly number[])[], columns: number, rows: number, dtype: Dtype): Storage {
  const out = new Uint8Array(rows * columns * dtype.itemsize);
  const outView = new DataView(out.buffer);
  const filled = new Uint8Array(columns);
  arrays.forEach((a, b) => {
    const view = new DataView(a.data.buffer, a.data.byteOffset, a.data.byteLength);
    locs[b]!.forEach((column, j) => {
      if (!(column >= 0 && column < columns)) throw new PickleError(`pandas refuses the pickle: index ${column} is out of bounds for axis 0 with size ${columns}`);
      filled[column] = 1;
      for (let r = 0; r < rows; r++) writeNumber(dtype, outView, r * columns + column, readNumber(a, view, j * rows + r));
    });
  });
  if (filled.includes(0)) throw new PickleError('pandas refuses the pickle: Some items were not contained in blocks');
  return { kind: 'array', array: { dtype, shape: [rows, columns], data: out } };
}
