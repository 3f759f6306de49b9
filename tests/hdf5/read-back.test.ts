/**
 * The read-back of the HDF5 move and split: a writer that corrupts what it writes (a value, an
 * attribute, a copied dataset) is caught before the run can finish, with a typed error naming
 * the experiment and the label; no row is flagged. A faithful writer's counts equal what moved.
 */
import { describe, expect, it } from 'vitest';
import { ReadBackError } from '../../src/engine/index.ts';
import { GLOBAL_HDF5, moveRowsToHdf5 } from '../../migrations/hdf5/index.ts';
import { h5module, h5wasm, type Group } from '../../migrations/hdf5/h5.ts';
import { copyObject } from '../../migrations/hdf5/h5-copy.ts';
import { writeRow, type UtcOffset } from '../../migrations/hdf5/layout.ts';
import type { DecodedRow } from '../../migrations/hdf5/rows.ts';
import type { File } from '../../migrations/hdf5/h5.ts';
import { globalHdf5, insertRows } from '../../migrations/builders/hdf5-files.ts';
import { PYTHON_VALUES } from '../../migrations/builders/entropy-project.ts';
import { npyOf, pickled, pickleDumps, PyDict } from '../../migrations/builders/python-values.ts';
import { headDb, staged } from './support.ts';

const utc = () => 0;

/** A writer that gets one row's value slightly wrong. */
function corrupting(label: string) {
  return (file: File, row: DecodedRow, offset: UtcOffset) => {
    if (row.label !== label) return writeRow(file, row, offset);
    const s = row.storage;
    if (s.kind === 'array') {
      const data = s.array.data.slice();
      data[0]! ^= 1;
      return writeRow(file, { ...row, storage: { kind: 'array', array: { ...s.array, data } } }, offset);
    }
    if (s.kind === 'text') return writeRow(file, { ...row, storage: { kind: 'text', text: `${s.text}!` } }, offset);
    // A value h5py refuses: Entropy's pickle of it, here another pickle.
    return writeRow(file, { ...row, originalPickle: () => pickleDumps(null) }, offset);
  };
}

function moved(rows: Parameters<typeof insertRows>[1], writer?: ReturnType<typeof corrupting>) {
  const db = headDb();
  try {
    insertRows(db, rows);
    const files = staged();
    const run = () => moveRowsToHdf5(db, files, { utcOffset: utc, ...(writer ? { writeRow: writer } : {}) });
    return { run, flagged: () => Number(db.query('SELECT count(*) AS n FROM Results WHERE saved_in_hdf5 = 1')[0]!.n), db };
  } catch (e) {
    db.close();
    throw e;
  }
}

const ROWS = [
  { experimentId: 2, stage: 0, label: 'grid', ...npyOf(new Float64Array([1, 2, 3, 4]), [2, 2]) },
  { experimentId: 2, stage: 0, label: 'note', ...pickled('hello') },
  { experimentId: 3, stage: 1, label: 'a_dict', ...pickled(new PyDict([['a', 1]])) },
  { experimentId: 3, stage: 1, label: 'meta', entity: 'metadata' as const, ...pickled(7) },
];

describe('the read-back of moved rows', () => {
  it('counts every result and metadata row it read back equal', () => {
    const m = moved(ROWS);
    try {
      expect(m.run().readBack).toEqual({ results: 3, metadata: 1 });
    } finally {
      m.db.close();
    }
  });

  it('reads back every kind of value the catalogue holds as equal (no false alarm)', () => {
    const every = PYTHON_VALUES.flatMap(([label, data], i) => [
      { experimentId: 4, stage: i, label, ...data },
      { experimentId: 4, stage: i, label, entity: 'metadata' as const, ...data },
    ]);
    const m = moved(every);
    try {
      expect(m.run().readBack).toEqual({ results: PYTHON_VALUES.length, metadata: PYTHON_VALUES.length });
    } finally {
      m.db.close();
    }
  });

  it.each([
    ['grid', 'experiment 2, label "grid"'],
    ['note', 'experiment 2, label "note"'],
    ['meta', 'experiment 3, label "meta"'],
    ['a_dict', 'experiment 3, label "a_dict"'],
  ])('refuses a writer that corrupts %s, naming its experiment and label, and flags nothing', (label, named) => {
    const m = moved(ROWS, corrupting(label));
    try {
      let error: unknown;
      try {
        m.run();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ReadBackError);
      expect((error as ReadBackError).code).toBe('READ_BACK_MISMATCH');
      expect((error as Error).message).toContain(named);
      expect((error as Error).message).toMatch(/Nothing was written/);
      expect(m.flagged()).toBe(0);
    } finally {
      m.db.close();
    }
  });
});

describe('the read-back of the split', () => {
  const old = () =>
    globalHdf5([
      { experimentId: 1, stage: 0, label: 'a', values: [5], shape: [], migratedId: 1 },
      { experimentId: 1, stage: 1, label: 'grid', values: [...Array(12).keys()], shape: [3, 4], migratedId: 2 },
      { experimentId: 2, stage: 0, label: 'b', values: [7, 8], shape: [2], migratedId: 3 },
    ]);

  it('counts every dataset it read back equal', () => {
    const db = headDb();
    try {
      expect(moveRowsToHdf5(db, staged({ [GLOBAL_HDF5]: old() })).readBack).toEqual({ results: 3, metadata: 0 });
    } finally {
      db.close();
    }
  });

  it('refuses a copy that changes one value, naming the experiment and the label', () => {
    const db = headDb();
    try {
      const files = staged({ [GLOBAL_HDF5]: old() });
      const corrupt: typeof copyObject = (source, into, name, state) => {
        copyObject(source, into, name, state);
        const grid = (into as Group).get(`${name}/grid/result`);
        if (grid instanceof h5wasm().Dataset) {
          const m = h5module();
          const p = m._malloc(4);
          new Int32Array(m.HEAPU8.buffer, p, 1)[0] = 99;
          m.set_dataset_data(grid.file_id, grid.path, [1n, 1n], [2n, 3n], [1n, 1n], BigInt(p));
          m._free(p);
        }
      };
      expect(() => moveRowsToHdf5(db, files, { copyObject: corrupt })).toThrow(/Experiment 1, \/1\/grid\/result: .*the values differ/);
      // the old file is still where it was: the split did not finish
      expect(files.exists(GLOBAL_HDF5)).toBe(true);
    } finally {
      db.close();
    }
  });
});
