/**
 * What the faster move must keep: the groups it remembers (labels that share a group, nest,
 * name the group itself, or run through another row's dataset) and the memory budget it asks
 * once per experiment file, and for small values a mebibyte at a time (small-asks.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { countingMeter, MigrateError, useMemoryMeter } from '../../src/engine/index.ts';
import type { MemoryMeter } from '../../src/engine/memory-meter.ts';
import { Hdf5MoveError, moveRowsToHdf5 } from '../../migrations/hdf5/index.ts';
import { insertRows, type RowSpec } from '../../migrations/builders/hdf5-files.ts';
import { npyOf, pickled } from '../../migrations/builders/python-values.ts';
import { headDb, readBack, staged } from './support.ts';

const utc = () => 0;
const row = (label: string, data: { data: Uint8Array; dataType: 'Pickled' | 'Npy' }, more: Partial<RowSpec> = {}): RowSpec => ({ experimentId: 2, stage: 0, label, ...data, ...more });
const waiting = (db: ReturnType<typeof headDb>) => Number(db.query('SELECT count(*) AS n FROM Results WHERE saved_in_hdf5 = 0')[0]!.n);

/** What `work` throws (the test fails when it throws nothing). */
function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (e) {
    return e;
  }
  throw new Error('expected the move to be refused');
}

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

describe('groups of one experiment file', () => {
  it('puts a result and its metadata in one group, makes a new stage group and nests a label with a slash', () => {
    const db = headDb();
    try {
      insertRows(db, [
        row('shared', pickled(1)),
        row('shared', pickled(2), { entity: 'metadata' }),
        row('outer/inner', pickled(3)),
        row('later', pickled(4), { stage: 5 }),
        row('outer', pickled(5), { entity: 'metadata' }),
      ]);
      const files = staged();
      const report = moveRowsToHdf5(db, files, { utcOffset: utc });
      expect(report.readBack).toEqual({ results: 3, metadata: 2 });
      const sets = readBack(files.read('.entropy/hdf5/2.hdf5')!);
      expect([...sets.keys()].sort()).toEqual(['/0/outer/inner/result', '/0/outer/metadata', '/0/shared/metadata', '/0/shared/result', '/5/later/result']);
      expect(sets.get('/5/later/result')!.value).toBe(4n);
      expect(sets.get('/0/outer/metadata')!.value).toBe(5n);
      expect(waiting(db)).toBe(0);
    } finally {
      db.close();
    }
  });

  it("refuses a label whose path runs through another row's dataset, staging and flagging nothing", () => {
    const db = headDb();
    try {
      insertRows(db, [row('a', pickled(1)), row('a/result', pickled(2))]);
      const files = staged();
      const error = thrown(() => moveRowsToHdf5(db, files, { utcOffset: utc }));
      expect(error).toBeInstanceOf(Hdf5MoveError);
      expect((error as Hdf5MoveError).problem).toBe('DUPLICATE_LABEL');
      expect((error as Hdf5MoveError).message).toBe(
        'Results row 2 (experiment 2, label "a/result") would go under /0/a/result, which holds Results row 1, not a group (Entropy\'s own upgrade stops there). Nothing was written.',
      );
      expect(files.changes()).toEqual([]);
      expect(waiting(db)).toBe(2);
    } finally {
      db.close();
    }
  });
});

describe('the memory budget', () => {
  it("is asked for each experiment's file before it is written: over the limit, nothing is staged or flagged", () => {
    const db = headDb();
    try {
      insertRows(db, [row('small', pickled(1))]);
      const files = staged();
      // Enough for the rows as read from SQLite, not for the file they make.
      restore = useMemoryMeter(countingMeter(2048));
      const error = thrown(() => moveRowsToHdf5(db, files, { utcOffset: utc }));
      expect(error).toBeInstanceOf(MigrateError);
      expect((error as MigrateError).code).toBe('OUT_OF_MEMORY');
      expect(String((error as MigrateError).data.detail)).toMatch(/^an HDF5 file for experiment 2 needs/);
      expect(files.changes()).toEqual([]);
      expect(waiting(db)).toBe(1);
    } finally {
      db.close();
    }
  });

  it('is still asked for a value of 1 MiB or more as it goes into HDF5 and as it is read back, and not for small ones', () => {
    const db = headDb();
    try {
      const big = new Float64Array(256 * 1024); // 2 MiB
      insertRows(db, [row('big', npyOf(big, [big.length])), row('small', pickled(1))]);
      const asks: { what: string; bytes: number }[] = [];
      const recording: MemoryMeter = { need: (bytes, what) => void asks.push({ what, bytes }) };
      restore = useMemoryMeter(recording);
      moveRowsToHdf5(db, staged(), { utcOffset: utc });
      const of = (what: string) => asks.filter((a) => a.what === what).map((a) => a.bytes);
      expect(of('a value written into HDF5')).toEqual([big.byteLength]);
      expect(of('a value read back from HDF5')).toEqual([big.byteLength]);
      expect(of('an HDF5 file for experiment 2')).toHaveLength(1);
      expect(of('an HDF5 file for experiment 2')[0]).toBeGreaterThan(big.byteLength);
    } finally {
      db.close();
    }
  });
});
