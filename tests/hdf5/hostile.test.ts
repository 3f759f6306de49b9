/**
 * Hostile HDF5 sides of a project (migrations/builders/hostile-hdf5.ts): names Python's int() reads
 * as one id, the largest id SQLite holds, links that loop, a sparse dataset of 2 GiB. Each is
 * upgraded as Entropy 0.15.9 upgrades it (tests/oracle/hostile-hdf5.test.ts has Entropy judge).
 */
import { describe, expect, it } from 'vitest';
import { GLOBAL_HDF5, Hdf5MoveError, moveRowsToHdf5 } from '../../migrations/hdf5/index.ts';
import { h5wasm, readHdf5, type Dataset, type Group } from '../../migrations/hdf5/h5.ts';
import { linkAt, objectIdentity } from '../../migrations/hdf5/h5-read.ts';
import { pythonInt } from '../../migrations/hdf5/ids.ts';
import { insertRows } from '../../migrations/builders/hdf5-files.ts';
import { pickled } from '../../migrations/builders/python-values.ts';
import {
  INT64_MAX_ID,
  linkCyclesExperimentHdf5,
  linkCyclesHdf5,
  sparseHdf5,
  twinExperimentGroupsHdf5,
  twinGroupsSameStageHdf5,
} from '../../migrations/builders/hostile-hdf5.ts';
import { headDb, readBack, staged } from './support.ts';

const utc = () => 0;

function withHead<T>(use: (db: ReturnType<typeof headDb>) => T): T {
  const db = headDb();
  try {
    return use(db);
  } finally {
    db.close();
  }
}

describe("experiment ids as Entropy's int() reads them", () => {
  it('reads group names as Python does', () => {
    expect(pythonInt('01')).toBe(1n);
    expect(pythonInt(' +3\n')).toBe(3n);
    expect(pythonInt('1_000')).toBe(1000n);
    expect(pythonInt('٤٢')).toBe(42n); // Arabic-Indic digits
    expect(pythonInt('𝟗')).toBe(9n); // a mathematical digit, outside the BMP
    expect(pythonInt('-0')).toBe(0n);
    expect(pythonInt('99999999999999999999')).toBe(99999999999999999999n);
    for (const bad of ['', '1.0', '1__0', '_1', '1_', '0x1', '\ufeff1', '1 2']) expect(pythonInt(bad), bad).toBeNull();
  });

  it('keeps both /experiments/1 and /experiments/01, in 1.hdf5, as Entropy does', () => {
    withHead((db) => {
      const files = staged({ [GLOBAL_HDF5]: twinExperimentGroupsHdf5() });
      const report = moveRowsToHdf5(db, files);
      expect(report.experimentIds).toEqual(['1', '2', '3']);
      expect([...readBack(files.read('.entropy/hdf5/1.hdf5')!).keys()].sort()).toEqual(['/0/first/result', '/1/second/result']);
      expect([...readBack(files.read('.entropy/hdf5/2.hdf5')!).keys()]).toEqual(['/0/signed/result']);
      expect(readBack(files.read('.entropy/hdf5/3.hdf5')!).get('/0/spaced/result')!.value).toEqual(new Int32Array([5, 6]));
      expect(report.readBack).toEqual({ results: 4, metadata: 0 });
    });
  });

  it('refuses two groups of one id that hold the same stage (Entropy stops there), writing nothing', () => {
    withHead((db) => {
      const files = staged({ [GLOBAL_HDF5]: twinGroupsSameStageHdf5() });
      expect(() => moveRowsToHdf5(db, files)).toThrow(/\/experiments\/01.*Entropy's upgrade stops there/);
      expect(files.changes()).toEqual([]);
    });
  });

  it('names the file of experiment 2^63-1 by its exact id and stores that id', () => {
    withHead((db) => {
      insertRows(db, [
        { experimentId: INT64_MAX_ID, stage: 0, label: 'edge', ...pickled(42) },
        { experimentId: INT64_MAX_ID, stage: 1, label: 'meta', entity: 'metadata', ...pickled('m') },
      ]);
      const files = staged();
      const report = moveRowsToHdf5(db, files, { utcOffset: utc });
      expect(report.files).toEqual(['.entropy/hdf5/9223372036854775807.hdf5']);
      const sets = readBack(files.read('.entropy/hdf5/9223372036854775807.hdf5')!);
      expect(sets.get('/0/edge/result')!.attrs.experiment_id!.value).toBe(INT64_MAX_ID);
      expect(sets.get('/1/meta/metadata')!.attrs.experiment_id!.value).toBe(INT64_MAX_ID);
      expect(report.readBack).toEqual({ results: 1, metadata: 1 });
    });
  });
});

describe('rows whose place is not a whole number', () => {
  it.each([
    ['stage', "UPDATE Results SET stage = 'one' WHERE label = 'x\ny'"],
    ['experiment id', "UPDATE Results SET experiment_id = 2.5 WHERE label = 'x\ny'"],
  ])('refuses a %s that is not an integer in one sentence naming the row, never a NaN', (what, sql) => {
    withHead((db) => {
      insertRows(db, [{ experimentId: 2, stage: 0, label: 'x\ny', ...pickled(1) }]);
      db.exec(sql);
      const files = staged();
      let error: unknown;
      try {
        moveRowsToHdf5(db, files);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Hdf5MoveError);
      const message = (error as Error).message;
      expect(message).toMatch(new RegExp(`^Results row \\d+ \\(experiment [^,]+, label "x\\\\ny"\\) has the ${what} "[^"]+", which is not a whole number`));
      expect(message).not.toMatch(/NaN|\n/);
      expect(files.changes()).toEqual([]);
    });
  });
});

describe('labels with "." and empty parts, as HDF5 walks their paths (Entropy 0.15.9 checked with the oracle)', () => {
  it('puts "a/./b", "./x", "a//c" and "y/" where HDF5 does, keeps each label as it is, and warns only of real nesting', () => {
    withHead((db) => {
      const labels = ['a/./b', './x', 'a//c', 'y/', '..'];
      insertRows(db, labels.map((label, i) => ({ experimentId: 2, stage: 0, label, ...pickled(i) })));
      const files = staged();
      const report = moveRowsToHdf5(db, files, { utcOffset: utc });
      const sets = readBack(files.read('.entropy/hdf5/2.hdf5')!);
      expect([...sets.keys()].sort()).toEqual(['/0/../result', '/0/a/b/result', '/0/a/c/result', '/0/x/result', '/0/y/result']);
      expect(sets.get('/0/a/b/result')!.attrs.label!.value).toBe('a/./b');
      expect(sets.get('/0/x/result')!.attrs.label!.value).toBe('./x');
      const nested = report.warnings.filter((w) => w.code === 'LABEL_WITH_SLASH').map((w) => w.message);
      expect(nested).toHaveLength(2);
      expect(nested.join()).toMatch(/"a\/\.\/b".*"a\/\/c"/);
    });
  });

  it('refuses "a/./b" beside "a/b" in one stage: one place for two rows (Entropy stops there)', () => {
    withHead((db) => {
      insertRows(db, [{ experimentId: 2, stage: 0, label: 'a/b', ...pickled(1) }, { experimentId: 2, stage: 0, label: 'a/./b', ...pickled(2) }]);
      expect(() => moveRowsToHdf5(db, staged(), { utcOffset: utc })).toThrow(/would go to \/0\/a\/b\/result, which already holds Results row/);
    });
  });

  it.each(['.', 'a/.', './', 'a/./.'])('refuses the label %j, which names its stage\'s group (Entropy stops there), in one sentence', (label) => {
    withHead((db) => {
      insertRows(db, [{ experimentId: 2, stage: 0, label, ...pickled(1) }]);
      const files = staged();
      let error: unknown;
      try {
        moveRowsToHdf5(db, files, { utcOffset: utc });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Hdf5MoveError);
      expect((error as Hdf5MoveError).data.problem).toBe('UNREADABLE_ROW');
      expect((error as Error).message).toMatch(/^Results row \d+ \(experiment 2, label "[^"]+"\) has a label whose last part is "\.", which names its stage's group rather than a place in it, so it has no place in Entropy's HDF5 files \(Entropy's own upgrade stops there\)\. Nothing was written\.$/);
      expect(files.changes()).toEqual([]);
    });
  });
});

describe('links that loop', () => {
  it('copies hard- and soft-link cycles of the old file as H5Ocopy does, and ends', () => {
    withHead((db) => {
      const files = staged({ [GLOBAL_HDF5]: linkCyclesHdf5() });
      const report = moveRowsToHdf5(db, files);
      expect(report.readBack).toEqual({ results: 2, metadata: 0 });
      readHdf5(files.read('.entropy/hdf5/1.hdf5')!, (file) => {
        const stage = file.get('/0') as Group;
        // `up` reached /experiments/1, whose stage 0 is the group being copied: one object again
        expect(objectIdentity(file.get('/0/a/up/0') as Group)).toBe(objectIdentity(stage));
        expect(linkAt(file.get('/0/a') as Group, 'back')).toEqual({ kind: 'soft', target: '/experiments/1/0' });
        expect(linkAt(stage, 'self')).toEqual({ kind: 'soft', target: '/experiments/1/0/self' });
        expect((file.get('/0/a/result') as Dataset).value).toBe(5);
      });
    });
  });

  it('moves rows into an experiment file that holds loops, without walking them', () => {
    withHead((db) => {
      insertRows(db, [{ experimentId: 1, stage: 0, label: 'new', ...pickled(1) }]);
      const files = staged({ '.entropy/hdf5/1.hdf5': linkCyclesExperimentHdf5() });
      const report = moveRowsToHdf5(db, files, { utcOffset: utc });
      expect(report.readBack).toEqual({ results: 1, metadata: 0 });
      readHdf5(files.read('.entropy/hdf5/1.hdf5')!, (file) => {
        expect((file.get('/0/new/result') as Dataset).value).toBe(1n);
        expect(file.get('/0/kept/up/kept/result')).toBeInstanceOf(h5wasm().Dataset);
      });
    });
  });
});

describe('a sparse dataset of 2 GiB', () => {
  it('is copied as h5py reads it, without reading it whole, and stays small', () => {
    withHead((db) => {
      const global = sparseHdf5();
      expect(global.length).toBeLessThan(8 * 1024 ** 2);
      const files = staged({ [GLOBAL_HDF5]: global });
      const report = moveRowsToHdf5(db, files);
      expect(report.readBack).toEqual({ results: 2, metadata: 0 });
      const copy = files.read('.entropy/hdf5/1.hdf5')!;
      expect(copy.length).toBeLessThan(8 * 1024 ** 2);
      readHdf5(copy, (file) => {
        const sparse = file.get('/0/sparse/result') as Dataset;
        expect(sparse.metadata.shape).toEqual([2 ** 29]);
        expect(sparse.metadata.chunks).toEqual([2 ** 18]);
        expect(sparse.slice([[0, 2]])).toEqual(new Int32Array([11, 0]));
        expect(sparse.slice([[123_456_788, 123_456_790]])).toEqual(new Int32Array([0, 22]));
        expect(sparse.slice([[2 ** 29 - 1, 2 ** 29]])).toEqual(new Int32Array([0]));
        expect(sparse.attrs.label!.value).toBe('sparse');
      });
    });
  }, 120_000);
});

describe('a damaged HDF5 file', () => {
  it('is one sentence naming the file, with no HDF5 diagnostics', () => {
    withHead((db) => {
      insertRows(db, [{ experimentId: 2, stage: 0, label: 'x', ...pickled(1) }]);
      const damaged = linkCyclesExperimentHdf5().slice(0, 300);
      const files = staged({ '.entropy/hdf5/2.hdf5': damaged });
      let error: unknown;
      try {
        moveRowsToHdf5(db, files);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Hdf5MoveError);
      const message = (error as Error).message;
      expect(message).toMatch(/^\.entropy\/hdf5\/2\.hdf5 cannot be read as an HDF5 file, so it is left as it is \(HDF5 says: [a-z ]+\)\. Nothing was written\.$/);
      expect(message).not.toMatch(/HDF5-DIAG|#0|\.c line|__w/);
      expect(files.changes()).toEqual([]);
    });
  });
});
