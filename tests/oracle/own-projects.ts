/**
 * Old projects of this project's own making (migrations/builders/entropy-project.ts), for the oracle:
 * each revision Entropy users had, params.json v0.1 / v0.2 / none, results of many Python
 * types and shapes in SQLite and in HDF5, odd labels, many experiments, empty projects.
 */
import { loadHdf5 } from '../../migrations/hdf5/index.ts';
import { buildEntropyProject, ODD_LABELS, rowMix, type EntropyProjectOptions } from '../../migrations/builders/entropy-project.ts';
import { pickled } from '../../migrations/builders/python-values.ts';
import { HEAD, open } from '../support/db.ts';
import { writeFiles } from './kit.ts';
import type { OracleCase } from './pipeline.ts';

await loadHdf5();

const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

function own(name: string, options: EntropyProjectOptions, bareDb?: string): OracleCase {
  return {
    name,
    bareDb,
    make: (dir) => {
      const files = buildEntropyProject(open, options);
      if (!bareDb) return writeFiles(dir, files);
      // Entropy 0.1.x kept the database alone, as lab.db
      writeFiles(dir, new Map([[bareDb, files.get('.entropy/entropy.db')!]]));
    },
  };
}

/** Labels whose paths HDF5 walks past "." and empty parts (Entropy's upgrade keeps each label as it is). */
const DOT_LABEL_ROWS = ['a/./b', './x', '..', '', 'a//c', 'y/'].map((label, i) => ({ experimentId: 1 + (i % 2), stage: 0, label, ...pickled(i) }));

export const OWN_PROJECTS: readonly OracleCase[] = [
  own('own_04ae19b32c08_dot_and_empty_labels', { at: '04ae19b32c08', experiments: 2, rows: DOT_LABEL_ROWS, params: 'v0.1', paramsCommits: 1, seed: 19 }),
  own('own_head_all_in_sqlite', {
    at: HEAD,
    experiments: 4,
    rows: rowMix({ experiments: ids(3), perExperiment: 24, savedShare: 0, seed: 11 }),
  }),
  own('own_head_mixed_odd_labels', {
    at: HEAD,
    experiments: 6,
    rows: rowMix({ experiments: ids(6), perExperiment: 10, savedShare: 0.5, labels: ODD_LABELS, stages: 4, seed: 12 }),
  }),
  own('own_04ae19b32c08_v01_all_types', {
    at: '04ae19b32c08',
    experiments: 5,
    rows: rowMix({ experiments: ids(4), perExperiment: 30, savedShare: 0.4, seed: 13 }),
    params: 'v0.1',
    paramsCommits: 4,
    seed: 13,
  }),
  own('own_06140c96c8c4_v02_odd_labels', {
    at: '06140c96c8c4',
    experiments: 4,
    rows: rowMix({ experiments: [1, 2, 4], perExperiment: 12, savedShare: 0.6, labels: ODD_LABELS, seed: 14 }),
    params: 'v0.2',
    paramsCommits: 5,
    seed: 14,
  }),
  own('own_f1ada2484fe2_v01', {
    at: 'f1ada2484fe2',
    experiments: 3,
    rows: rowMix({ experiments: ids(3), perExperiment: 8, savedShare: 0.5, seed: 15 }),
    params: 'v0.1',
    seed: 15,
  }),
  own('own_9ffd2ba0d5bf_v01', {
    at: '9ffd2ba0d5bf',
    experiments: 3,
    rows: rowMix({ experiments: ids(2), perExperiment: 8, savedShare: 0.3, seed: 16 }),
    params: 'v0.1',
    seed: 16,
  }),
  own('own_7fa75ca1263f_v02', {
    at: '7fa75ca1263f',
    experiments: 3,
    rows: rowMix({ experiments: ids(3), perExperiment: 8, savedShare: 0.5, seed: 17 }),
    params: 'v0.2',
    seed: 17,
  }),
  own('own_09f3b5a1689c_v02', {
    at: '09f3b5a1689c',
    experiments: 2,
    rows: rowMix({ experiments: ids(2), perExperiment: 10, savedShare: 0.2, seed: 18 }),
    params: 'v0.2',
    seed: 18,
  }),
  own('own_many_experiments', {
    at: '04ae19b32c08',
    experiments: 40,
    rows: rowMix({ experiments: ids(40), perExperiment: 5, savedShare: 0.5, labels: ODD_LABELS, seed: 19 }),
    params: 'v0.1',
    paramsCommits: 8,
    seed: 19,
  }),
  own('own_pre_alembic', {
    at: 'pre-alembic',
    experiments: 3,
    rows: rowMix({ experiments: ids(3), perExperiment: 12, savedShare: 0, labels: ODD_LABELS, seed: 20 }),
  }),
  own(
    'own_bare_lab_db',
    { at: 'pre-alembic', experiments: 2, rows: rowMix({ experiments: ids(2), perExperiment: 10, savedShare: 0, seed: 21 }) },
    'lab.db',
  ),
  own('own_global_hdf5', {
    at: '04ae19b32c08',
    experiments: 3,
    globalResults: [
      { experimentId: 1, stage: 0, label: 'scalar', values: [7], shape: [], time: '2021-05-01 10:00:00.000001' },
      { experimentId: 1, stage: 1, label: 'vector ✓', values: [1, 2, 3], shape: [3] },
      { experimentId: 2, stage: 0, label: 'matrix', values: [1, 2, 3, 4, 5, 6], shape: [2, 3] },
    ],
    rows: rowMix({ experiments: [3], perExperiment: 4, savedShare: 0, seed: 22 }),
  }),
  // Text where the web's decoders differ from Python's: a leading byte order mark (String and
  // pickled str) and protocol 0's raw-unicode-escape bytes 0x80-0x9F (latin-1, not windows-1252).
  own('own_04ae19b32c08_text_edges', {
    at: '04ae19b32c08',
    experiments: 1,
    rows: [
      { experimentId: 1, stage: 0, label: 'bom text', data: new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), dataType: 'String' },
      { experimentId: 1, stage: 0, label: 'bom pickle', ...pickled('\ufeffb') },
      { experimentId: 1, stage: 1, label: 'protocol 0', data: new Uint8Array([0x56, 0x80, 0x9f, 0xe9, 0x0a, 0x2e]), dataType: 'Pickled' },
      { experimentId: 1, stage: 1, label: '\ufeffmarked label', ...pickled(3) },
    ],
  }),
  own('own_empty_head', { at: HEAD, experiments: 0 }),
  own('own_empty_04ae19b32c08_v01', { at: '04ae19b32c08', experiments: 0, params: 'v0.1', paramsCommits: 0 }),
  own('own_empty_pre_alembic', { at: 'pre-alembic', experiments: 0 }),
  own('own_1318a586f31d_v01', {
    at: '1318a586f31d',
    experiments: 2,
    rows: rowMix({ experiments: ids(2), perExperiment: 6, savedShare: 0, seed: 23 }),
    params: 'v0.1',
    seed: 23,
  }),
];
