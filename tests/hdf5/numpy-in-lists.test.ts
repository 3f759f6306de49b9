/**
 * Lists that hold numpy arrays or scalars: h5py stores np.asarray(value), which stacks the
 * arrays and promotes the dtypes (found by the oracle: Entropy shows [np.array([1, 2])] as a
 * (1, 2) int64 array, where this tool used to keep the list's pickle).
 */
import { describe, expect, it } from 'vitest';
import { storageOf } from '../../migrations/hdf5/h5py-storage.ts';
import { pickleLoads } from '../../migrations/hdf5/pickle-read.ts';
import { NdArrayValue, NumpyScalar } from '../../migrations/hdf5/pickle-write.ts';
import { pickleDumps, PyFloat, type PyWritable } from '../../migrations/builders/python-values.ts';

const storage = (value: PyWritable) => storageOf(pickleLoads(pickleDumps(value)));
const i8 = (...v: bigint[]) => new NdArrayValue({ dtype: { kind: 'i', itemsize: 8, order: '<' }, shape: [v.length], data: new Uint8Array(new BigInt64Array(v).buffer) });
const f4 = (...v: number[]) => new NdArrayValue({ dtype: { kind: 'f', itemsize: 4, order: '<' }, shape: [v.length], data: new Uint8Array(new Float32Array(v).buffer) });
const u1 = (v: number) => new NumpyScalar({ kind: 'u', itemsize: 1, order: '|' }, new Uint8Array([v]));
const bytesOf = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

describe('np.asarray of lists holding numpy values', () => {
  it('stacks arrays into one array of their dtype', () => {
    expect(storage([i8(1n, 2n)])).toEqual({ kind: 'array', array: { dtype: { kind: 'i', itemsize: 8, order: '<' }, shape: [1, 2], data: bytesOf(new BigInt64Array([1n, 2n])) } });
    expect(storage([f4(0.5, 1), f4(2, 3)])).toEqual({ kind: 'array', array: { dtype: { kind: 'f', itemsize: 4, order: '<' }, shape: [2, 2], data: bytesOf(new Float32Array([0.5, 1, 2, 3])) } });
  });

  it('promotes as numpy does: float32 with a Python float is float64, uint8 with a Python int int64', () => {
    expect(storage([f4(0.5), [new PyFloat(2)]])).toMatchObject({ kind: 'array', array: { dtype: { kind: 'f', itemsize: 8 }, shape: [2, 1], data: bytesOf(new Float64Array([0.5, 2])) } });
    expect(storage([u1(255), -1])).toMatchObject({ kind: 'array', array: { dtype: { kind: 'i', itemsize: 8 }, shape: [2], data: bytesOf(new BigInt64Array([255n, -1n])) } });
  });

  it('keeps the pickle where the shapes are ragged or text is mixed in', () => {
    expect(storage([i8(1n, 2n), i8(3n)])).toMatchObject({ kind: 'original' });
    expect(storage([i8(1n), 'a'])).toMatchObject({ kind: 'original' });
  });
});
