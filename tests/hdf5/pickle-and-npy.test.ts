import { describe, expect, it } from 'vitest';
import { pickleLoads, PyComplex, PyFloat, PyLong, NumpyArray } from '../../migrations/hdf5/pickle-read.ts';
import { parseNpy } from '../../migrations/hdf5/npy.ts';
import { NdArrayValue } from '../../migrations/hdf5/pickle-write.ts';
import { npyBytes, pickleDumps, PyComplex as WComplex, PyDict, PyFloat as WFloat, PySet, PyTuple } from '../../migrations/builders/python-values.ts';

describe('pickles of basic Python values read back with their Python types', () => {
  it('keeps ints, big ints and whole floats apart', () => {
    expect(pickleLoads(pickleDumps(42))).toBe(42);
    expect(pickleLoads(pickleDumps(new WFloat(3)))).toEqual(new PyFloat(3));
    expect(pickleLoads(pickleDumps(-(2n ** 40n)))).toEqual(new PyLong(-(2n ** 40n)));
    expect(pickleLoads(pickleDumps(2n ** 63n))).toEqual(new PyLong(2n ** 63n));
    expect(pickleLoads(pickleDumps(2n ** 70n))).toEqual(new PyLong(2n ** 70n));
  });

  it('reads str, bytes, None, bool, complex, list, tuple, dict and set', () => {
    expect(pickleLoads(pickleDumps('量子 é'))).toBe('量子 é');
    expect(pickleLoads(pickleDumps(new Uint8Array([0x72, 0, 0xff])))).toEqual(new Uint8Array([0x72, 0, 0xff]));
    expect(pickleLoads(pickleDumps(null))).toBeNull();
    expect(pickleLoads(pickleDumps(true))).toBe(true);
    expect(pickleLoads(pickleDumps(new WComplex(1, -2)))).toEqual(new PyComplex(1, -2));
    expect(pickleLoads(pickleDumps([1, new WFloat(2.5)]))).toEqual([1, new PyFloat(2.5)]);
    expect(pickleLoads(pickleDumps(new PyTuple([1, 'a'])))).toEqual([1, 'a']);
    expect(pickleLoads(pickleDumps(new PyDict([['a', 1], [2, null]])))).toEqual(new Map<unknown, unknown>([['a', 1], [2, null]]));
    expect(pickleLoads(pickleDumps(new PySet([1, 2])))).toEqual(new Set([1, 2]));
  });

  it('reads a numpy array pickle into dtype, shape and C-ordered bytes', () => {
    const data = new Uint8Array(new Float64Array([1, 2, 3, 4, 5, 6]).buffer);
    const array = { dtype: { kind: 'f' as const, itemsize: 8, order: '<' as const }, shape: [2, 3], data };
    const read = pickleLoads(pickleDumps(new NdArrayValue(array))) as NumpyArray;
    expect(read.array).toEqual(array);
  });
});

describe('.npy bytes', () => {
  it('gives dtype, shape and elements, Fortran order turned into C order', () => {
    const fortran = new Uint8Array(new Float64Array([0, 3, 1, 4, 2, 5]).buffer); // [[0,1,2],[3,4,5]] in Fortran order
    const parsed = parseNpy(npyBytes({ kind: 'f', itemsize: 8, order: '<' }, [2, 3], fortran, true));
    expect(parsed.shape).toEqual([2, 3]);
    expect([...new Float64Array(parsed.data.slice().buffer)]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('reads a 0-d array and a big-endian one', () => {
    expect(parseNpy(npyBytes({ kind: 'f', itemsize: 8, order: '<' }, [], new Uint8Array(8))).shape).toEqual([]);
    expect(parseNpy(npyBytes({ kind: 'i', itemsize: 4, order: '>' }, [1], new Uint8Array([0, 0, 0, 7]))).dtype).toEqual({ kind: 'i', itemsize: 4, order: '>' });
  });
});
