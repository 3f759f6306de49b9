/**
 * What h5py's `group.create_dataset(name, data=value)` makes of a Python value, and so what
 * Entropy reads back: numpy converts the value (np.asarray), h5py maps the dtype to an HDF5
 * type, and a TypeError on the way makes Entropy pickle the original value instead.
 */
import { elementCount, toLittleEndian, type Dtype, type NdArray } from './ndarray.ts';
import {
  NumpyArray,
  NumpyScalar,
  PandasFrame,
  PyByteArray,
  PyComplex,
  PyFloat,
  PyLong,
  type PyValue,
} from './pickle-read.ts';

export type Storage =
  /** h5py writes an array (a scalar dataspace when shape is []); Entropy reads a numpy scalar or ndarray. */
  | { readonly kind: 'array'; readonly array: NdArray }
  /** h5py writes a variable-length UTF-8 string; Entropy reads a str. */
  | { readonly kind: 'text'; readonly text: string }
  /** h5py writes a variable-length ASCII string; Entropy reads bytes. */
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  /**
   * Nested lists of only str (or only bytes): h5py's find_item_type makes them an array of
   * variable-length strings; Entropy reads an object ndarray of str (or bytes).
   */
  | { readonly kind: 'strings'; readonly cset: 'utf-8' | 'ascii'; readonly shape: readonly number[]; readonly items: readonly Uint8Array[] }
  /** h5py raises TypeError: Entropy pickles the original value (data_type Pickled). */
  | { readonly kind: 'original'; readonly note?: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Classifies a value read from a Pickled row. */
export function storageOf(value: PyValue): Storage {
  if (typeof value === 'string') return { kind: 'text', text: value };
  if (value instanceof Uint8Array) return { kind: 'bytes', bytes: value };
  if (value instanceof PyByteArray) return { kind: 'array', array: { dtype: { kind: 'u', itemsize: 1, order: '|' }, shape: [value.bytes.length], data: value.bytes.slice() } };
  if (value instanceof NumpyArray) return value.array && value.array.dtype.kind !== 'U' ? { kind: 'array', array: value.array } : { kind: 'original' };
  if (value instanceof NumpyScalar) {
    const dtype = value.dtype.dtype;
    return dtype && value.raw && dtype.kind !== 'U' ? { kind: 'array', array: { dtype, shape: [], data: value.raw.slice() } } : { kind: 'original' };
  }
  if (value instanceof PandasFrame) return frameStorage(value);
  if (Array.isArray(value)) return listStorage(value);
  const leaf = scalarLeaf(value);
  if (leaf === 'object') {
    const module = (value as { __module__?: unknown } | null)?.__module__;
    const note = typeof module === 'string' && /^(pandas|xarray|numpy)\b/.test(module)
      ? `a ${module} object: Entropy's h5py may store it as an array; it is kept as Entropy's pickle`
      : undefined;
    return note ? { kind: 'original', note } : { kind: 'original' };
  }
  return arrayOfLeaves([leaf], []);
}

type Leaf =
  /** an element of a numpy array or a numpy scalar inside a list: np.asarray keeps its dtype */
  | { t: 'np'; dtype: Dtype; raw: Uint8Array }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; v: bigint }
  | { t: 'float'; v: number }
  | { t: 'complex'; re: number; im: number }
  | { t: 'bytes'; v: Uint8Array }
  | { t: 'str'; v: string }
  | 'object'
  | 'unsure';

function scalarLeaf(v: PyValue): Leaf {
  if (typeof v === 'boolean') return { t: 'bool', v };
  if (typeof v === 'number') return Number.isInteger(v) ? { t: 'int', v: BigInt(v) } : { t: 'float', v };
  if (v instanceof PyLong) return { t: 'int', v: v.value };
  if (v instanceof PyFloat) return { t: 'float', v: v.value };
  if (v instanceof PyComplex) return { t: 'complex', re: v.real, im: v.imag };
  if (v instanceof Uint8Array) return { t: 'bytes', v };
  if (typeof v === 'string') return { t: 'str', v };
  if (v instanceof NpElement) return { t: 'np', dtype: v.dtype, raw: v.raw };
  if (v instanceof NumpyScalar) {
    const dtype = v.dtype.dtype;
    if (dtype && v.raw && NUMERIC.includes(dtype.kind)) {
      const le = toLittleEndian({ dtype, shape: [], data: v.raw });
      return { t: 'np', dtype: le.dtype, raw: le.data };
    }
  }
  if (v instanceof NumpyScalar || v instanceof NumpyArray || v instanceof PandasFrame) return 'unsure';
  return 'object';
}

const NUMERIC = 'biufc';

/** One element of a numpy array met inside a list (little-endian raw bytes). */
class NpElement {
  constructor(readonly dtype: Dtype, readonly raw: Uint8Array) {}
}

/**
 * A numeric numpy array inside a list, as np.asarray sees it: nested sequences of its shape
 * whose elements keep the array's dtype. Other arrays stay as they are (not understood).
 */
function asNested(v: PyValue): PyValue {
  if (!(v instanceof NumpyArray) || !v.array || !NUMERIC.includes(v.array.dtype.kind) || elementCount(v.array.shape) === 0) return v;
  const a = toLittleEndian(v.array);
  const size = a.dtype.itemsize;
  let next = 0;
  const build = (axis: number): unknown => {
    if (axis === a.shape.length) {
      const raw = a.data.slice(next * size, (next + 1) * size);
      next++;
      return new NpElement(a.dtype, raw);
    }
    return Array.from({ length: a.shape[axis]! }, () => build(axis + 1));
  };
  return build(0) as PyValue;
}

/** np.asarray of nested lists/tuples; numpy 1.24 raises ValueError on ragged nesting. */
function listStorage(value: readonly PyValue[]): Storage {
  const leaves: Leaf[] = [];
  let shape: number[] | null = null;
  const walk = (item: PyValue, depth: number, path: number[]): boolean => {
    const v = depth > 0 ? asNested(item) : item;
    if (Array.isArray(v)) {
      const here = [...path, v.length];
      if (shape !== null && (shape.length <= depth || shape[depth] !== v.length)) return false;
      if (v.length === 0) {
        if (shape === null) shape = here;
        return shape.length === here.length;
      }
      for (const item of v) if (!walk(item, depth + 1, here)) return false;
      return true;
    }
    if (shape === null) shape = path;
    else if (shape.length !== path.length) return false;
    leaves.push(scalarLeaf(v));
    return true;
  };
  if (!walk(value, 0, [])) {
    return { kind: 'original', note: "a ragged list: Entropy's upgrade fails on it (numpy: inhomogeneous shape); it is kept as Entropy's pickle" };
  }
  return arrayOfLeaves(leaves, shape ?? [value.length]);
}

function arrayOfLeaves(leaves: readonly Leaf[], shape: readonly number[]): Storage {
  if (leaves.some((l) => l === 'object')) return { kind: 'original' };
  if (leaves.some((l) => l === 'unsure')) {
    return { kind: 'original', note: "numpy values inside a list: kept as Entropy's pickle, Entropy itself may store an array" };
  }
  const typed = leaves as Exclude<Leaf, 'object' | 'unsure'>[];
  if (typed.some((l) => l.t === 'np')) return promotedArray(typed, shape);
  if (shape.length > 0 && typed.length > 0 && typed.every((l) => l.t === 'str')) {
    const encoder = new TextEncoder();
    return { kind: 'strings', cset: 'utf-8', shape, items: typed.map((l) => encoder.encode((l as { v: string }).v)) };
  }
  if (shape.length > 0 && typed.length > 0 && typed.every((l) => l.t === 'bytes')) {
    return { kind: 'strings', cset: 'ascii', shape, items: typed.map((l) => (l as { v: Uint8Array }).v) };
  }
  if (typed.some((l) => l.t === 'str')) return { kind: 'original' }; // numpy '<U': no HDF5 type in h5py
  const count = elementCount(shape);
  if (typed.some((l) => l.t === 'bytes')) {
    if (!typed.every((l) => l.t === 'bytes')) {
      return { kind: 'original', note: "bytes mixed with numbers in a list: kept as Entropy's pickle, Entropy itself may store '|S' text" };
    }
    const items = typed.map((l) => trimTrailingNul((l as { v: Uint8Array }).v));
    const size = Math.max(1, ...items.map((b) => b.length));
    const data = new Uint8Array(count * size);
    items.forEach((b, i) => data.set(b, i * size));
    return { kind: 'array', array: { dtype: { kind: 'S', itemsize: size, order: '|' }, shape, data } };
  }
  const hasComplex = typed.some((l) => l.t === 'complex');
  const hasFloat = typed.some((l) => l.t === 'float');
  const hasInt = typed.some((l) => l.t === 'int');
  const num = (l: (typeof typed)[number]): number =>
    l.t === 'bool' ? Number(l.v) : l.t === 'int' ? Number(l.v) : l.t === 'float' ? l.v : l.t === 'complex' ? l.re : 0;
  if (hasComplex) {
    const data = new Float64Array(count * 2);
    typed.forEach((l, i) => {
      data[2 * i] = num(l);
      data[2 * i + 1] = l.t === 'complex' ? l.im : 0;
    });
    return array({ kind: 'c', itemsize: 16, order: '<' }, shape, data);
  }
  if (hasFloat || (shape.length > 0 && count === 0)) {
    return array({ kind: 'f', itemsize: 8, order: '<' }, shape, Float64Array.from(typed, num));
  }
  if (hasInt) {
    const ints = typed.map((l) => (l.t === 'int' ? l.v : BigInt(Number((l as { v: boolean }).v))));
    if (ints.every((v) => v >= INT64_MIN && v <= INT64_MAX)) return array({ kind: 'i', itemsize: 8, order: '<' }, shape, BigInt64Array.from(ints));
    if (ints.every((v) => v >= 0n && v <= UINT64_MAX)) return array({ kind: 'u', itemsize: 8, order: '<' }, shape, BigUint64Array.from(ints));
    return { kind: 'original' }; // numpy: object array
  }
  if (count === 0) return array({ kind: 'f', itemsize: 8, order: '<' }, shape, new Float64Array(0));
  return array({ kind: 'b', itemsize: 1, order: '|' }, shape, Uint8Array.from(typed, (l) => Number((l as { v: boolean }).v)));
}

/**
 * np.asarray of a list holding numpy values: numpy promotes the elements' dtypes (a Python
 * bool, int, float or complex counts as bool, int64, float64 or complex128) to one result type.
 */
function promotedArray(leaves: readonly Exclude<Leaf, 'object' | 'unsure'>[], shape: readonly number[]): Storage {
  const unsure: Storage = { kind: 'original', note: "numpy values inside a list: kept as Entropy's pickle, Entropy itself may store an array" };
  const dtypeOf = (l: (typeof leaves)[number]): Dtype | null => {
    switch (l.t) {
      case 'np': return l.dtype;
      case 'bool': return { kind: 'b', itemsize: 1, order: '|' };
      case 'int': return l.v >= INT64_MIN && l.v <= INT64_MAX ? { kind: 'i', itemsize: 8, order: '<' } : null;
      case 'float': return { kind: 'f', itemsize: 8, order: '<' };
      case 'complex': return { kind: 'c', itemsize: 16, order: '<' };
      default: return null; // str or bytes beside numbers: numpy makes text of them
    }
  };
  const dtypes = leaves.map(dtypeOf);
  if (dtypes.some((d) => d === null)) return unsure;
  const numbers = (dtypes as Dtype[]).filter((d) => d.kind !== 'b');
  const dtype = numbers.length === 0 ? { kind: 'b', itemsize: 1, order: '|' } as Dtype : commonDtype(numbers);
  // float16 has no writer here
  if (!dtype || (dtype.kind === 'f' && dtype.itemsize < 4) || (dtype.kind === 'c' && dtype.itemsize < 8)) return unsure;
  const out = new Uint8Array(elementCount(shape) * dtype.itemsize);
  const view = new DataView(out.buffer);
  leaves.forEach((l, i) => {
    let value: [number | bigint, number];
    if (l.t === 'np') value = readNumber({ dtype: l.dtype, shape: [], data: l.raw }, new DataView(l.raw.buffer, l.raw.byteOffset, l.raw.byteLength), 0);
    else if (l.t === 'complex') value = [l.re, l.im];
    else if (l.t === 'int') value = [l.v, 0];
    else value = [Number((l as { v: boolean | number }).v), 0];
    writeNumber(dtype, view, i, value);
  });
  return { kind: 'array', array: { dtype, shape, data: out } };
}

function array(dtype: Dtype, shape: readonly number[], values: ArrayBufferView): Storage {
  return { kind: 'array', array: { dtype, shape, data: new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice() } };
}

function trimTrailingNul(b: Uint8Array): Uint8Array {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return b.subarray(0, end);
}

/** np.asarray(DataFrame): its blocks interleaved into one (rows, columns) array of a common dtype. */
function frameStorage(frame: PandasFrame): Storage {
  const manager = frame.manager;
  const unsure: Storage = { kind: 'original', note: "a pandas DataFrame this tool cannot read: kept as Entropy's pickle, Entropy itself may store an array" };
  if (!manager) return unsure;
  const blocks = manager.blocks.map((b) => ({ array: b.values instanceof NumpyArray ? b.values.array : null, locs: b.locs }));
  if (blocks.some((b) => b.array === null || b.locs === null)) {
    // object, string or extension-typed columns: np.asarray gives an object array, h5py a TypeError
    return { kind: 'original' };
  }
  const arrays = blocks.map((b) => toLittleEndian(b.array!));
  const kinds = new Set(arrays.map((a) => a.dtype.kind));
  if ([...kinds].some((k) => !'iufc'.includes(k))) return kinds.has('b') && kinds.size === 1 ? interleave(arrays, blocks.map((b) => b.locs!), manager.columns, arrays[0]!.dtype) : { kind: 'original' };
  const dtype = commonDtype(arrays.map((a) => a.dtype));
  if (!dtype) return unsure;
  return interleave(arrays, blocks.map((b) => b.locs!), manager.columns, dtype);
}

function commonDtype(dtypes: readonly Dtype[]): Dtype | null {
  const max = (kind: string) => Math.max(0, ...dtypes.filter((d) => d.kind === kind).map((d) => d.itemsize));
  const [i, u, f, c] = [max('i'), max('u'), max('f'), max('c')];
  let intSize = i && u ? (u >= i ? 2 * u : i) : i || u;
  const intKind = i ? 'i' : 'u';
  if (intSize > 8) { intSize = 0; return { kind: 'f', itemsize: 8, order: '<' }; }
  const floatNeed = intSize === 0 ? 0 : intSize <= 1 ? 2 : intSize <= 2 ? 4 : 8;
  if (c) {
    const size = Math.max(c, 2 * Math.max(f, floatNeed));
    return { kind: 'c', itemsize: size, order: '<' };
  }
  if (f) return { kind: 'f', itemsize: Math.max(f, floatNeed), order: f === 2 && floatNeed <= 2 ? '<' : '<' };
  if (intSize) return { kind: intKind, itemsize: intSize, order: intSize === 1 ? '|' : '<' };
  return null;
}

function readNumber(a: NdArray, view: DataView, index: number): [number | bigint, number] {
  const { kind, itemsize } = a.dtype;
  const at = index * itemsize;
  if (kind === 'c') {
    return itemsize === 16 ? [view.getFloat64(at, true), view.getFloat64(at + 8, true)] : [view.getFloat32(at, true), view.getFloat32(at + 4, true)];
  }
  if (kind === 'f') return [itemsize === 8 ? view.getFloat64(at, true) : itemsize === 4 ? view.getFloat32(at, true) : NaN, 0];
  if (kind === 'b') return [view.getUint8(at), 0];
  const signed = kind === 'i';
  switch (itemsize) {
    case 1: return [signed ? view.getInt8(at) : view.getUint8(at), 0];
    case 2: return [signed ? view.getInt16(at, true) : view.getUint16(at, true), 0];
    case 4: return [signed ? view.getInt32(at, true) : view.getUint32(at, true), 0];
    default: return [signed ? view.getBigInt64(at, true) : view.getBigUint64(at, true), 0];
  }
}

function writeNumber(dtype: Dtype, view: DataView, index: number, [re, im]: [number | bigint, number]): void {
  const at = index * dtype.itemsize;
  const n = Number(re);
  if (dtype.kind === 'c') {
    if (dtype.itemsize === 16) { view.setFloat64(at, n, true); view.setFloat64(at + 8, im, true); }
    else { view.setFloat32(at, n, true); view.setFloat32(at + 4, im, true); }
  } else if (dtype.kind === 'f') {
    if (dtype.itemsize === 8) view.setFloat64(at, n, true);
    else view.setFloat32(at, n, true);
  } else if (dtype.kind === 'b' || dtype.itemsize === 1) view.setUint8(at, n & 0xff);
  else if (dtype.itemsize === 2) view.setUint16(at, n & 0xffff, true);
  else if (dtype.itemsize === 4) view.setUint32(at, n >>> 0, true);
  else view.setBigUint64(at, BigInt.asUintN(64, typeof re === 'bigint' ? re : BigInt(Math.trunc(n))), true);
}

function interleave(arrays: readonly NdArray[], locs: readonly (readonly number[])[], columns: number, dtype: Dtype): Storage {
  const rows = arrays[0]?.shape[1] ?? 0;
  const ncols = columns || locs.reduce((n, l) => n + l.length, 0);
  const out = new Uint8Array(rows * ncols * dtype.itemsize);
  const outView = new DataView(out.buffer);
  arrays.forEach((a, b) => {
    if (a.shape.length !== 2 || a.shape[1] !== rows) return;
    const view = new DataView(a.data.buffer, a.data.byteOffset, a.data.byteLength);
    locs[b]!.forEach((column, j) => {
      for (let r = 0; r < rows; r++) writeNumber(dtype, outView, r * ncols + column, readNumber(a, view, j * rows + r));
    });
  });
  return { kind: 'array', array: { dtype, shape: [rows, ncols], data: out } };
}
