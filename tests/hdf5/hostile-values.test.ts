/**
 * Pickled row values that attack the value reader (migrations/builders/hostile-project.ts): each is
 * refused as numpy or pandas refuse it, naming the row, its experiment and its label, or read
 * in time and memory linear in the pickle, without recursion. What Entropy 0.15.9 does with
 * each was seen with the oracle kit (its own `entropy upgrade`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { countingMeter, MigrateError, OutOfMemoryError, useMemoryMeter } from '../../src/engine/index.ts';
import { hostileValues as v } from '../../migrations/builders/hostile-project.ts';
import { pickled, PyFloat } from '../../migrations/builders/python-values.ts';
import { NdArrayValue, NumpyScalar as WScalar } from '../../migrations/hdf5/pickle-write.ts';
import { storageOf } from '../../migrations/hdf5/h5py-storage.ts';
import { pickleLoads, PyFloat as ReadFloat, PyLong } from '../../migrations/hdf5/pickle-read.ts';
import { decodeRow, type PendingRow } from '../../migrations/hdf5/rows.ts';
import { textBytes } from '../../migrations/hdf5/storage-kinds.ts';

const row: PendingRow = {
  entity: 'result',
  id: '7',
  experimentId: '3',
  stage: '0',
  label: 'T1 fit',
  story: null,
  time: { year: 2022, month: 1, day: 2, hour: 3, minute: 4, second: 5, microsecond: 0 },
};
const decode = (data: Uint8Array) => decodeRow(row, data, 'Pickled');

function refusal(work: () => unknown): MigrateError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(MigrateError);
    return error as MigrateError;
  }
  throw new Error('expected a refusal');
}

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

describe('a numpy array whose shape does not match its bytes (numpy: buffer size does not match array size)', () => {
  it('is refused, naming the row, its experiment and its label, when the shape declares more elements than the bytes hold', () => {
    const error = refusal(() => decode(v.numpyShapeMismatch(1_000_000, 8)));
    expect(error.code).toBe('CHECK_FAILED');
    expect(error.message).toMatch(/^Results row 7 \(experiment 3, label "T1 fit"\) holds a pickle on which Entropy's own upgrade stops too/);
    expect(error.message).toContain('buffer size does not match array size');
    expect(error.message).toContain('needs 8000000 bytes, it holds 8');
  });

  it('is refused when the bytes hold more than the shape (numpy wants exactly shape x itemsize)', () => {
    expect(refusal(() => decode(v.numpyShapeMismatch(1, 16))).message).toContain('buffer size does not match array size');
  });

  it('refuses a negative dimension and a shape too large to count, and reads an honest one', () => {
    expect(refusal(() => decode(v.numpyOddShape([-1], 8))).message).toContain('impossible dimension');
    expect(refusal(() => decode(v.numpyOddShape([2n ** 62n, 2n ** 62n], 8))).message).toContain('buffer size does not match');
    const honest = decode(v.numpyShapeMismatch(2, 16));
    expect(honest.storage).toMatchObject({ kind: 'array', array: { shape: [2] } });
  });

  it('a numpy scalar takes the first itemsize bytes, and is refused with fewer (numpy: initialization string is too small)', () => {
    const f8 = { kind: 'f' as const, itemsize: 8, order: '<' as const };
    const long = decode(pickled(new WScalar(f8, new Uint8Array(new Float64Array([2.5, 9]).buffer))).data);
    expect(long.storage).toEqual({ kind: 'array', array: { dtype: f8, shape: [], data: new Uint8Array(new Float64Array([2.5]).buffer) } });
    expect(refusal(() => decode(pickled(new WScalar(f8, new Uint8Array(4))).data)).message).toContain('initialization string is too small');
  });

  it('never hands on an array that claims more bytes than it holds, whatever the dtype', () => {
    for (const dtype of [{ kind: 'i', itemsize: 4, order: '<' }, { kind: 'c', itemsize: 16, order: '<' }, { kind: 'S', itemsize: 3, order: '|' }] as const) {
      const pickle = pickled(new NdArrayValue({ dtype, shape: [5, 1000], data: new Uint8Array(dtype.itemsize) })).data;
      expect(() => decode(pickle)).toThrow(/buffer size does not match/);
    }
  });
});

describe('time and memory linear in the pickle', () => {
  it('reads a 1 MB LONG4 int exactly, in well under a second (it took over 120 s)', () => {
    const started = performance.now();
    const value = pickleLoads(v.long4Int(1_000_000)) as PyLong;
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(value).toBeInstanceOf(PyLong);
    expect(value.value.toString(2).length).toBe(8 * 1_000_000 - 2); // top byte 0x3f: six bits
    expect(value.value & 0xffn).toBe(0x5an);
    expect(decode(v.long4Int(1_000_000)).storage).toEqual({ kind: 'original' }); // numpy: object array, kept as Entropy's pickle
  });

  it('2^24 references to one 1 MB string stop at the memory budget, without building the strings (it reached 11.7 GB)', () => {
    restore = useMemoryMeter(countingMeter(2 * 1024 ** 3));
    const pickle = v.sharedStringList(1 << 20, 1 << 24);
    const before = process.memoryUsage();
    const error = refusal(() => decode(pickle));
    const after = process.memoryUsage();
    expect(error).toBeInstanceOf(OutOfMemoryError);
    expect(String(error.data.detail)).toMatch(/^Results row 7 \(experiment 3, label "T1 fit"\): a list of strings needs 16777\d{3} MB/);
    // the list itself is 2^24 references (128 MB); nothing per item beyond that
    expect(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers).toBeLessThan(600 * 1024 ** 2);
  });

  it('a list of shared strings within the budget shares one encoding', () => {
    const storage = decode(v.sharedStringList(1000, 5000)).storage;
    expect(storage.kind).toBe('strings');
    const items = storage.kind === "strings" ? storage.items : [];
    expect(items).toHaveLength(5000);
    expect(new Set(items).size).toBe(1);
  });

  it('reads one APPENDS of 200,000 items (Python batches by 1000; its unpickler takes any)', () => {
    expect((pickleLoads(v.oneBatchList(200_000)) as unknown[]).length).toBe(200_000);
    expect(decode(v.oneBatchList(200_000)).storage).toMatchObject({ kind: 'array', array: { shape: [200_000], dtype: { kind: 'i', itemsize: 8 } } });
  });

  it('reads text-protocol ints and floats exactly (INT, LONG, FLOAT lines)', () => {
    const { pickle, expected } = v.textNumbers();
    const [a, b, c] = pickleLoads(pickle) as [PyLong, PyLong, { value: number }];
    expect([a.value, b.value, c.value]).toEqual(expected);
    expect(c.constructor.name).toBe('PyFloat'); // 1.0 stays a float
  });
});

describe('deep nesting, without recursion', () => {
  it('a list nested 100,000 deep is read and kept as Entropy\'s pickle (numpy has at most 32 dimensions; Entropy\'s own upgrade fails)', () => {
    const decoded = decode(v.deepList(100_000));
    expect(decoded.storage).toMatchObject({ kind: 'original', note: expect.stringContaining("numpy's 32 dimensions") });
    expect(decoded.originalPickle()).toEqual(v.deepList(100_000));
  });

  it('a dict nested 100,000 deep is read and kept as its pickle', () => {
    expect(decode(v.deepDict(100_000)).storage).toEqual({ kind: 'original' });
  });

  it('a list 32 deep is still an array, 33 deep is not', () => {
    expect(storageOf(pickleLoads(v.deepList(32)))).toMatchObject({ kind: 'array', array: { shape: Array(32).fill(1) } });
    expect(storageOf(pickleLoads(v.deepList(33)))).toMatchObject({ kind: 'original' });
  });
});

describe('pandas blocks (pandas: slice_canonize and new_block)', () => {
  it('a block placed by slice(0, 1, 0) is refused as pandas refuses it (it crashed V8)', () => {
    const error = refusal(() => decode(v.pandasBlockWithSlice(0, 1, 0)));
    expect(error.message).toContain('slice step cannot be zero');
    expect(error.message).toContain('Results row 7 (experiment 3, label "T1 fit")');
  });

  it('a placement longer than its block is refused before it is expanded', () => {
    expect(refusal(() => decode(v.pandasBlockWithSlice(0, 2 ** 31 - 1, 1))).message).toContain('Wrong number of items passed 1, placement implies 2147483647');
    expect(refusal(() => decode(v.pandasBlockWithSlice(5, 0, -1))).message).toContain('Wrong number of items passed 1, placement implies 5');
  });

  it('an honest frame is read as np.asarray reads it', () => {
    expect(decode(v.pandasBlockWithSlice(0, 1, 1, 3)).storage).toEqual({
      kind: 'array',
      array: { dtype: { kind: 'f', itemsize: 8, order: '<' }, shape: [3, 1], data: new Uint8Array(new Float64Array([1.5, 1.5, 1.5]).buffer) },
    });
  });
});

describe('bytes as native SQLite hands them over', () => {
  // better-sqlite3 gives a blob as a Node Buffer, which may sit at an offset in a shared pool:
  // a float read from `.buffer` alone was the pickle's own first bytes (1.5 became -4.6e-309,
  // and the read-back agreed, reading the same wrong value), caught by the oracle.
  const pickle = pickled(new PyFloat(1.5)).data;
  const pooled = () => {
    const pool = Buffer.alloc(pickle.length + 24, 0xee);
    pool.set(pickle, 24);
    return pool.subarray(24);
  };

  it('the unpickler reads a float where its bytes are', () => {
    expect(pickleLoads(pooled())).toEqual(new ReadFloat(1.5));
  });

  it('a row decodes to the value the pickle holds', () => {
    const decoded = decodeRow(row, pooled(), 'Pickled');
    expect(decoded.storage).toEqual({ kind: 'array', array: { dtype: { kind: 'f', itemsize: 8, order: '<' }, shape: [], data: new Uint8Array(new Float64Array([1.5]).buffer) } });
  });
});

describe("a String row's bytes", () => {
  // Encoded again for the writer and the read-back, text cost the page its size twice more
  // until a full collection came (Chromium frees what TextEncoder makes only then).
  it('are what the writer and the read-back use, not the text encoded again', () => {
    const data = new Uint8Array(new TextEncoder().encode('\ufeffΩ 1.5 GHz'));
    const decoded = decodeRow(row, data, 'String');
    expect(decoded.storage).toMatchObject({ kind: 'text', text: '\ufeffΩ 1.5 GHz' });
    expect(textBytes(decoded.storage as Extract<typeof decoded.storage, { kind: 'text' }>)).toBe(data);
  });
});
