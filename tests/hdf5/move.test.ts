import { describe, expect, it } from 'vitest';
import { moveRowsToHdf5, planHdf5Move, Hdf5MoveError } from '../../migrations/hdf5/index.ts';
import { PyComplex, PyFloat, NumpyScalar } from '../../migrations/hdf5/pickle-read.ts';
import { experimentHdf5, insertRows, type RowSpec } from '../../migrations/builders/hdf5-files.ts';
import { npyOf, pickled, PyComplex as WComplex, PyDict, PyFloat as WFloat, pyDatetime } from '../../migrations/builders/python-values.ts';
import { headDb, readBack, staged } from './support.ts';
import { StagedFiles, folderFromMap, type FileKeeper } from '../../src/engine/project/files.ts';
import type { Db } from '../../src/engine/index.ts';

const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_STRING = 3;
const H5T_COMPOUND = 6;
const utc = () => 0;

const row = (label: string, data: { data: Uint8Array; dataType: 'Pickled' | 'Npy' }, more: Partial<RowSpec> = {}): RowSpec => ({
  experimentId: 2,
  stage: 0,
  label,
  ...data,
  ...more,
});

describe('moveRowsToHdf5: saved_in_hdf5 = 0 rows into .entropy/hdf5/<id>.hdf5', () => {
  it('writes each Python type as h5py would, with Entropy attributes, and flags the rows', () => {
    const db = headDb();
    try {
      const ids = insertRows(db, [
        row('an_int', pickled(42)),
        row('a_float', pickled(new WFloat(3))),
        row('a_str', pickled('量子 échelle')),
        row('bytes', pickled(new Uint8Array([0x72, 0xff, 0x62]))),
        row('a_list', pickled([1, 2, 3])),
        row('complex', pickled(new WComplex(1, 2))),
        row('a_bool', pickled(true)),
        row('a_dict', pickled(new PyDict([['a', 1]]))),
        row('a_none', pickled(null)),
        row('a_datetime', pickled(pyDatetime(2021, 1, 2, 3, 4, 5))),
        row('np_2d', npyOf(new Float64Array([0, 1, 2, 3, 4, 5]), [2, 3]), { stage: 1 }),
        row('nul_bytes', pickled(new Uint8Array([0x61, 0, 0x62])), { stage: 1 }),
        row('str_list', pickled(['a', 'bc']), { stage: 1 }),
        row('an_int', pickled(7), { entity: 'metadata' }),
      ]);
      const files = staged();
      const report = moveRowsToHdf5(db, files, { utcOffset: utc });

      expect(report).toMatchObject({ mode: 'rows', results: 13, metadata: 1, experimentIds: ['2'], files: ['.entropy/hdf5/2.hdf5'] });
      expect(report.warnings.map((w) => w.code)).toEqual(['BETTER_THAN_ENTROPY']);
      expect(db.query('SELECT count(*) AS n FROM Results WHERE saved_in_hdf5 = 0')[0]!.n).toBe(0);
      expect(db.query('SELECT count(*) AS n FROM ExperimentMetadata WHERE saved_in_hdf5 = 0')[0]!.n).toBe(0);
      expect(files.changes().map((c) => c.path)).toEqual(['.entropy/hdf5/2.hdf5']);

      const sets = readBack(files.read('.entropy/hdf5/2.hdf5')!);
      const int = sets.get('/0/an_int/result')!;
      expect(int).toMatchObject({ type: H5T_INTEGER, size: 8, shape: [], value: 42n });
      expect(int.attrs.experiment_id).toMatchObject({ value: 2n, type: H5T_INTEGER, size: 8, signed: true });
      expect(int.attrs.stage).toMatchObject({ value: 0n, size: 8 });
      expect(int.attrs.label).toMatchObject({ value: 'an_int', type: H5T_STRING, vlen: true, cset: 1 });
      expect(int.attrs.time!.value).toBe('2022-03-04T05:06:07.000890+00:00');
      expect(int.attrs.story!.value).toBe('story of an_int');
      expect(int.attrs.migrated_id!.value).toBe(BigInt(ids[0]!));
      expect(sets.get('/0/a_float/result')).toMatchObject({ type: H5T_FLOAT, size: 8, value: 3 });
      expect(sets.get('/0/a_str/result')).toMatchObject({ type: H5T_STRING, value: '量子 échelle' });
      expect(sets.get('/0/bytes/result')!.attrs).not.toHaveProperty('data_type');
      expect(sets.get('/0/a_list/result')).toMatchObject({ type: H5T_INTEGER, shape: [3], value: new BigInt64Array([1n, 2n, 3n]) });
      expect(sets.get('/0/complex/result')).toMatchObject({ type: H5T_COMPOUND, size: 16, value: [1, 2] });
      // h5py's bool enum has no h5wasm writer: a pickle of numpy.bool_(True)
      const bool = sets.get('/0/a_bool/result')!;
      expect(bool.attrs.data_type).toMatchObject({ value: 1, size: 2, signed: true });
      expect(bool.unpickled).toBeInstanceOf(NumpyScalar);
      expect((bool.unpickled as NumpyScalar).dtype.dtype).toEqual({ kind: 'b', itemsize: 1, order: '|' });
      expect((bool.unpickled as NumpyScalar).raw).toEqual(new Uint8Array([1]));
      // Entropy's own fallback: the row's own pickle
      expect(sets.get('/0/a_dict/result')!.unpickled).toEqual(new Map([['a', 1]]));
      expect(sets.get('/0/a_none/result')!.unpickled).toBeNull();
      expect(sets.get('/1/np_2d/result')).toMatchObject({ type: H5T_FLOAT, shape: [2, 3], value: new Float64Array([0, 1, 2, 3, 4, 5]) });
      expect(sets.get('/1/nul_bytes/result')!.unpickled).toEqual(new Uint8Array([0x61, 0, 0x62]));
      expect(sets.get('/1/str_list/result')).toMatchObject({ type: H5T_STRING, shape: [2], value: ['a', 'bc'] });
      const meta = sets.get('/0/an_int/metadata')!;
      expect(meta.value).toBe(7n);
      expect(meta.attrs).not.toHaveProperty('story');
    } finally {
      db.close();
    }
  });

  it("extends an experiment file that Entropy already wrote, and says when it is done with the old file, once HDF5 has its own copy (the page then frees it at once)", () => {
    const db = headDb();
    try {
      const old = experimentHdf5([row('kept', pickled(new WFloat(1.5)))]);
      insertRows(db, [row('new', pickled(new WComplex(0, 1)))]);
      const files = staged({ '.entropy/hdf5/2.hdf5': old });
      const done: Uint8Array[] = [];
      const doneReading = files.doneReading.bind(files);
      files.doneReading = (bytes) => {
        done.push(new Uint8Array(bytes));
        doneReading(bytes);
      };
      moveRowsToHdf5(db, files, { utcOffset: utc });
      expect(done).toEqual([old]);
      const sets = readBack(files.read('.entropy/hdf5/2.hdf5')!);
      expect([...sets.keys()].sort()).toEqual(['/0/kept/result', '/0/new/result']);
      expect(sets.get('/0/kept/result')!.attrs).not.toHaveProperty('migrated_id');
    } finally {
      db.close();
    }
  });

  it('puts interleaved rows of several experiments each into its own experiment file', () => {
    const db = headDb();
    try {
      insertRows(db, [
        row('a', pickled(1), { experimentId: 3 }),
        row('b', pickled(2), { experimentId: 2 }),
        row('c', pickled(3), { experimentId: 3 }),
        row('d', pickled(4), { experimentId: 4 }),
        row('e', pickled(5), { experimentId: 2 }),
      ]);
      const files = staged();
      const report = moveRowsToHdf5(db, files, { utcOffset: utc });
      expect(report.experimentIds).toEqual(['2', '3', '4']);
      const paths = (id: number) => [...readBack(files.read(`.entropy/hdf5/${id}.hdf5`)!).keys()].sort();
      expect(paths(2)).toEqual(['/0/b/result', '/0/e/result']);
      expect(paths(3)).toEqual(['/0/a/result', '/0/c/result']);
      expect(paths(4)).toEqual(['/0/d/result']);
    } finally {
      db.close();
    }
  });

  it('reads, checks and stages one experiment at a time, through a keeper when the run has one', () => {
    const db = headDb();
    try {
      insertRows(db, [
        row('a', pickled(1), { experimentId: 3 }),
        row('b', pickled(2), { experimentId: 2 }),
        row('m', pickled(3), { experimentId: 3, entity: 'metadata' }),
        row('d', pickled(4), { experimentId: 4 }),
        row('e', pickled(5), { experimentId: 2 }),
      ]);
      const events: string[] = [];
      const watched: Db = {
        exec: (sql) => db.exec(sql),
        run: (sql, params) => db.run(sql, params),
        query: (sql, params) => {
          const rows = db.query(sql, params);
          // Every read of the rows' data: which experiments it brought into memory (asking
          // their size of the budget, length(data), reads none of it).
          if (/\bdata\b/.test(sql.replace(/length\(data\)/g, '')) && rows.length) events.push(`read ${[...new Set(rows.map((r) => r.experiment_id))].join(',')}`);
          return rows;
        },
      };
      const kept = new Map<string, Uint8Array>();
      const keeper: FileKeeper = {
        keep: (path, bytes) => (events.push(`keep ${path}`), kept.set(`#${kept.size}`, bytes), `#${kept.size - 1}`),
        readBack: (from) => kept.get(from)!,
      };
      const files = new StagedFiles(folderFromMap(new Map()), keeper);
      moveRowsToHdf5(watched, files, { utcOffset: utc });
      expect(events).toEqual([
        'read 2', 'keep .entropy/hdf5/2.hdf5',
        'read 3', 'read 3', 'keep .entropy/hdf5/3.hdf5',
        'read 4', 'keep .entropy/hdf5/4.hdf5',
      ]);
      expect(files.changes()).toEqual([
        { kind: 'place', path: '.entropy/hdf5/2.hdf5', from: '#0', replaces: true },
        { kind: 'place', path: '.entropy/hdf5/3.hdf5', from: '#1', replaces: true },
        { kind: 'place', path: '.entropy/hdf5/4.hdf5', from: '#2', replaces: true },
      ]);
      // What a revision reads back is what was kept.
      expect([...readBack(files.read('.entropy/hdf5/3.hdf5')!).keys()].sort()).toEqual(['/0/a/result', '/0/m/metadata']);
    } finally {
      db.close();
    }
  });

  it('plans counts and warns of metadata under a label with no result', () => {
    const db = headDb();
    try {
      insertRows(db, [row('r', pickled(1)), row('lonely', pickled(2), { entity: 'metadata', experimentId: 3 })]);
      const plan = planHdf5Move(db, staged());
      expect(plan).toMatchObject({ mode: 'rows', results: 1, metadata: 1, experimentIds: ['2', '3'] });
      expect(plan.warnings.map((w) => w.code)).toEqual(['METADATA_WITHOUT_RESULT']);
      expect(db.query('SELECT count(*) AS n FROM Results WHERE saved_in_hdf5 = 0')[0]!.n).toBe(1);
    } finally {
      db.close();
    }
  });

  it('refuses two results under one stage and label, before writing or flagging anything', () => {
    const db = headDb();
    try {
      insertRows(db, [row('same', pickled(1)), row('same', pickled(2))]);
      const files = staged();
      expect(() => moveRowsToHdf5(db, files)).toThrow(Hdf5MoveError);
      expect(files.changes()).toEqual([]);
      expect(db.query('SELECT count(*) AS n FROM Results WHERE saved_in_hdf5 = 0')[0]!.n).toBe(2);
    } finally {
      db.close();
    }
  });

  it('does nothing when every row is already in HDF5', () => {
    const db = headDb();
    try {
      insertRows(db, [row('done', pickled(1), { savedInHdf5: true })]);
      const files = staged();
      expect(moveRowsToHdf5(db, files)).toMatchObject({ mode: 'nothing', results: 0, files: [] });
      expect(files.changes()).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe('values h5py stores natively come back as what Entropy reads', () => {
  it('a float32 array, a big int beyond int64 (pickled as Entropy does) and a whole float', () => {
    const db = headDb();
    try {
      insertRows(db, [
        row('f32', npyOf(new Float32Array([1.5, 2.5]), [2])),
        row('huge', pickled(2n ** 70n)),
        row('tuple_mix', pickled([1, new WFloat(2.5)])),
      ]);
      const files = staged();
      moveRowsToHdf5(db, files, { utcOffset: utc });
      const sets = readBack(files.read('.entropy/hdf5/2.hdf5')!);
      expect(sets.get('/0/f32/result')).toMatchObject({ type: H5T_FLOAT, size: 4, value: new Float32Array([1.5, 2.5]) });
      expect(sets.get('/0/huge/result')!.attrs.data_type!.value).toBe(1);
      expect(sets.get('/0/tuple_mix/result')).toMatchObject({ type: H5T_FLOAT, value: new Float64Array([1, 2.5]) });
      expect(new PyFloat(1)).not.toEqual(new PyComplex(1, 0));
    } finally {
      db.close();
    }
  });
});
