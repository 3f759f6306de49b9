/**
 * numpy's numbers as raw bytes: the common dtype numpy promotes several dtypes to
 * (np.result_type for bool, ints, floats and complex), and reading or writing one element of
 * an array of any of those dtypes (little-endian).
 */
import type { Dtype, NdArray } from './ndarray.ts';

export const BOOL: Dtype = { kind: 'b', itemsize: 1, order: '|' };
export const INT64: Dtype = { kind: 'i', itemsize: 8, order: '<' };
export const UINT64: Dtype = { kind: 'u', itemsize: 8, order: '<' };
export const FLOAT64: Dtype = { kind: 'f', itemsize: 8, order: '<' };
export const COMPLEX128: Dtype = { kind: 'c', itemsize: 16, order: '<' };

/** The dtype numpy promotes `dtypes` (no bools among them) to; null when there is none. */
export function commonDtype(dtypes: readonly Dtype[]): Dtype | null {
  const max = (kind: string) => Math.max(0, ...dtypes.filter((d) => d.kind === kind).map((d) => d.itemsize));
  const [i, u, f, c] = [max('i'), max('u'), max('f'), max('c')];
  const intSize = i && u ? (u >= i ? 2 * u : i) : i || u;
  const intKind = i ? 'i' : 'u';
  if (intSize > 8) return FLOAT64; // int64 with uint64: numpy gives float64
  const floatNeed = intSize === 0 ? 0 : intSize <= 1 ? 2 : intSize <= 2 ? 4 : 8;
  if (c) return { kind: 'c', itemsize: Math.max(c, 2 * Math.max(f, floatNeed)), order: '<' };
  if (f) return { kind: 'f', itemsize: Math.max(f, floatNeed), order: '<' };
  if (intSize) return { kind: intKind, itemsize: intSize, order: intSize === 1 ? '|' : '<' };
  return null;
}

/** Element `index` of little-endian `a` as [real, imaginary]. */
export function readNumber(a: Pick<NdArray, 'dtype'>, view: DataView, index: number): [number | bigint, number] {
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

/** An integer of any JS kind as a bigint: NaN and infinities (never integers in numpy) become 0. */
function wholeBigInt(re: number | bigint): bigint {
  if (typeof re === 'bigint') return re;
  return Number.isFinite(re) ? BigInt(Math.trunc(re)) : 0n;
}

/** Writes [real, imaginary] as element `index` of an array of `dtype` (little-endian). */
export function writeNumber(dtype: Dtype, view: DataView, index: number, [re, im]: [number | bigint, number]): void {
  const at = index * dtype.itemsize;
  const n = Number(re);
  if (dtype.kind === 'c') {
    if (dtype.itemsize === 16) {
      view.setFloat64(at, n, true);
      view.setFloat64(at + 8, im, true);
    } else {
      view.setFloat32(at, n, true);
      view.setFloat32(at + 4, im, true);
    }
  } else if (dtype.kind === 'f') {
    if (dtype.itemsize === 8) view.setFloat64(at, n, true);
    else view.setFloat32(at, n, true);
  } else if (dtype.kind === 'b') view.setUint8(at, n ? 1 : 0);
  else writeInteger(view, at, dtype.itemsize, wholeBigInt(re));
}

function writeInteger(view: DataView, at: number, size: number, v: bigint): void {
  const bits = BigInt.asUintN(size * 8, v);
  if (size === 8) view.setBigUint64(at, bits, true);
  else if (size === 4) view.setUint32(at, Number(bits), true);
  else if (size === 2) view.setUint16(at, Number(bits), true);
  else view.setUint8(at, Number(bits));
}
