/**
 * A numpy array as plain data: its dtype, shape and raw elements in C order. Both the .npy
 * bytes that Entropy stores (data_type Npy) and arrays inside pickles come to this form.
 */

/** numpy's dtype kinds this code knows how to carry: bool, ints, floats, complex, bytes, text. */
export type DtypeKind = 'b' | 'i' | 'u' | 'f' | 'c' | 'S' | 'U';

export interface Dtype {
  readonly kind: DtypeKind;
  /** Bytes per element (for 'U', four per character). */
  readonly itemsize: number;
  /** '<' little, '>' big, '|' not applicable (one byte, bytes strings). */
  readonly order: '<' | '>' | '|';
}

export interface NdArray {
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  /** Elements in C order, each in the dtype's byte order. */
  readonly data: Uint8Array;
}

export class UnsupportedDtypeError extends Error {
  constructor(readonly descr: string) {
    super(`numpy dtype "${descr}" is not supported.`);
  }
}

const KINDS = new Set(['b', 'i', 'u', 'f', 'c', 'S', 'U']);

/** Parses a numpy type string such as '<f8', '|b1', '>i2', '|S5', '<U3'. */
export function parseDescr(descr: string): Dtype {
  const match = /^([<>|=]?)([a-zA-Z])(\d+)$/.exec(descr);
  if (!match || !KINDS.has(match[2]!)) throw new UnsupportedDtypeError(descr);
  const kind = match[2] as DtypeKind;
  const count = Number(match[3]);
  const itemsize = kind === 'U' ? count * 4 : count;
  let order = (match[1] || '=') as Dtype['order'] | '=';
  if (order === '=') order = '<'; // numpy writes native order as '<' on every platform Entropy ran on
  if (itemsize === 1 || kind === 'S') order = '|';
  return { kind, itemsize, order };
}

/** numpy's own spelling of a dtype: '<f8', '|b1', '<U3'. */
export function descrOf(dtype: Dtype): string {
  const count = dtype.kind === 'U' ? dtype.itemsize / 4 : dtype.itemsize;
  return `${dtype.order}${dtype.kind}${count}`;
}

export const elementCount = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Reorders Fortran-ordered elements into C order (what h5py writes from any array). */
export function fortranToC(data: Uint8Array, shape: readonly number[], itemsize: number): Uint8Array {
  if (shape.length < 2) return data;
  const out = new Uint8Array(data.length);
  const n = elementCount(shape);
  const index = new Array<number>(shape.length).fill(0);
  for (let c = 0; c < n; c++) {
    // index is the C-order position c; its Fortran offset has the first axis varying fastest
    let f = 0;
    for (let axis = shape.length - 1; axis >= 0; axis--) f = f * shape[axis]! + index[axis]!;
    out.set(data.subarray(f * itemsize, (f + 1) * itemsize), c * itemsize);
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < shape[axis]!) break;
      index[axis] = 0;
    }
  }
  return out;
}

/** The same elements in little-endian order (HDF5 through h5wasm writes little-endian only). */
export function toLittleEndian(array: NdArray): NdArray {
  if (array.dtype.order !== '>') return array;
  const size = array.dtype.kind === 'c' ? array.dtype.itemsize / 2 : array.dtype.kind === 'U' ? 4 : array.dtype.itemsize;
  const data = new Uint8Array(array.data.length);
  for (let i = 0; i < data.length; i += size) {
    for (let j = 0; j < size; j++) data[i + j] = array.data[i + size - 1 - j]!;
  }
  return { dtype: { ...array.dtype, order: '<' }, shape: array.shape, data };
}
