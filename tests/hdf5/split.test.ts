import { describe, expect, it } from 'vitest';
import { moveRowsToHdf5, planHdf5Move, GLOBAL_HDF5, GLOBAL_HDF5_BAK } from '../../migrations/hdf5/index.ts';
import { globalHdf5, insertRows } from '../../migrations/builders/hdf5-files.ts';
import { pickled } from '../../migrations/builders/python-values.ts';
import { headDb, readBack, staged } from './support.ts';

const old = () =>
  globalHdf5([
    { experimentId: 1, stage: 0, label: 'a_result', values: [5], shape: [], migratedId: 1 },
    { experimentId: 1, stage: 0, label: 'grid', values: [...Array(16).keys()], shape: [2, 8], migratedId: 2 },
    { experimentId: 2, stage: 0, label: 'label_3', values: [7], shape: [], migratedId: 3 },
  ]);

describe('an old global entropy.hdf5 (Entropy 0.2-0.5)', () => {
  it('is split into per-experiment files with the same types, and renamed .bak', () => {
    const db = headDb();
    try {
      insertRows(db, [{ experimentId: 3, stage: 0, label: 'late', ...pickled(1) }]);
      const global = old();
      const files = staged({ [GLOBAL_HDF5]: global });
      const plan = planHdf5Move(db, files);
      expect(plan).toMatchObject({ mode: 'split', experimentIds: ['1', '2'], globalFileBackup: GLOBAL_HDF5_BAK });
      expect(plan.warnings.map((w) => w.code)).toEqual(['ROWS_LEFT_IN_SQLITE']);

      const report = moveRowsToHdf5(db, files);
      expect(report.results).toBe(3);
      expect(files.exists(GLOBAL_HDF5)).toBe(false);
      expect(files.read(GLOBAL_HDF5_BAK)).toBe(global);
      const one = readBack(files.read('.entropy/hdf5/1.hdf5')!);
      expect([...one.keys()].sort()).toEqual(['/0/a_result/result', '/0/grid/result']);
      const scalar = one.get('/0/a_result/result')!;
      expect(scalar).toMatchObject({ type: 0, size: 4, shape: [], value: 5 });
      expect(scalar.attrs.experiment_id).toMatchObject({ value: 1, size: 4, signed: true });
      expect(scalar.attrs.label!.value).toBe('a_result');
      expect(one.get('/0/grid/result')).toMatchObject({ shape: [2, 8], value: Int32Array.from(Array(16).keys()) });
      expect(readBack(files.read('.entropy/hdf5/2.hdf5')!).get('/0/label_3/result')!.value).toBe(7);
      // as Entropy: the saved_in_hdf5 = 0 row stays in SQLite
      expect(db.query('SELECT count(*) AS n FROM Results WHERE saved_in_hdf5 = 0')[0]!.n).toBe(1);
    } finally {
      db.close();
    }
  });
});
