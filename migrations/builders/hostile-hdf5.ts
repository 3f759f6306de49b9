/**
 * Hostile HDF5 sides of Entropy projects: files valid to HDF5 and to Entropy 0.15.9's own
 * upgrade, made to trip a tool that re-implements it: two /experiments groups whose names
 * Python's int() reads as one id (`1` and `01`), an experiment id of 2^63-1, groups that
 * link back to themselves (hard and soft links), and a sparse dataset of gigabytes of which
 * almost nothing was ever written. Each returns new bytes or files. HDF5 needs h5wasm:
 * await `loadHdf5()` (migrations/hdf5) first.
 */
import type { DbOpener } from '../../src/engine/index.ts';
import { createRawAttribute, createRawDataset, createVlenStringAttribute, dtypeMetadata, editHdf5, h5module, joinPath, requireGroup, type Group } from '../hdf5/h5.ts';
import { withBuffer } from '../hdf5/h5-read.ts';
import { buildEntropyProject, DATABASE, GLOBAL_HDF5, type ProjectFiles } from './entropy-project.ts';
import { pickled } from './python-values.ts';

const int32 = (values: readonly number[]) => new Uint8Array(new Int32Array(values).buffer);

/** A result as the old global file holds it: int32 values with Entropy's attributes. */
function globalResult(group: Group, experimentId: number, stage: number, label: string, values: readonly number[], shape: readonly number[]): void {
  const i4 = dtypeMetadata('<i');
  createRawDataset(group, 'result', i4, shape, int32(values));
  const dataset = group.get('result') as never;
  createRawAttribute(dataset, 'experiment_id', i4, [], int32([experimentId]));
  createRawAttribute(dataset, 'stage', i4, [], int32([stage]));
  createVlenStringAttribute(dataset, 'label', [label], [], 'utf-8');
  createVlenStringAttribute(dataset, 'time', ['2021-06-01T10:00:00.000000+00:00'], [], 'utf-8');
}

/**
 * /experiments/1 with stage 0 and /experiments/01 with stage 1 (and /experiments/+2, / 3/):
 * Entropy's int() makes 1 of both first names, so both stages go into 1.hdf5.
 */
export function twinExperimentGroupsHdf5(): Uint8Array {
  return editHdf5(null, (file) => {
    globalResult(requireGroup(file, '/experiments/1/0/first'), 1, 0, 'first', [7], []);
    globalResult(requireGroup(file, '/experiments/01/1/second'), 1, 1, 'second', [1, 2, 3], [3]);
    globalResult(requireGroup(file, '/experiments/+2/0/signed'), 2, 0, 'signed', [4], []);
    globalResult(requireGroup(file, '/experiments/ 3/0/spaced'), 3, 0, 'spaced', [5, 6], [2]);
  });
}

/** Two groups of one experiment that both hold stage 0: Entropy's upgrade stops at the second copy. */
export function twinGroupsSameStageHdf5(): Uint8Array {
  return editHdf5(null, (file) => {
    globalResult(requireGroup(file, '/experiments/1/0/first'), 1, 0, 'first', [7], []);
    globalResult(requireGroup(file, '/experiments/01/0/second'), 1, 0, 'second', [8], []);
  });
}

/**
 * Experiment 1 of the old global file with links that loop: `up`, a hard link from a label
 * group to the experiment's own group (a cycle through hard links), `back`, a soft link to
 * the stage above, and `self`, a soft link to itself (never resolves).
 */
export function linkCyclesHdf5(): Uint8Array {
  return editHdf5(null, (file) => {
    const label = requireGroup(file, '/experiments/1/0/a');
    globalResult(label, 1, 0, 'a', [5], []);
    globalResult(requireGroup(file, '/experiments/1/0/b'), 1, 0, 'b', [1, 2], [2]);
    const m = h5module();
    m.create_hard_link(file.file_id, '/experiments/1', joinPath(label, 'up'));
    m.create_soft_link(file.file_id, '/experiments/1/0', joinPath(label, 'back'));
    m.create_soft_link(file.file_id, '/experiments/1/0/self', '/experiments/1/0/self');
  });
}

/** An experiment file as Entropy writes it, with the same loops added under stage 0. */
export function linkCyclesExperimentHdf5(): Uint8Array {
  return editHdf5(null, (file) => {
    const label = requireGroup(file, '/0/kept');
    globalResult(label, 1, 0, 'kept', [3], []);
    const m = h5module();
    m.create_hard_link(file.file_id, '/0', joinPath(label, 'up'));
    m.create_soft_link(file.file_id, '/0/kept', joinPath(label, 'back'));
  });
}

/**
 * A chunked int32 result of `bytes` (2 GiB by default) in experiment 1 of the old global file,
 * of which only the chunks holding `written` (index -> value) exist; h5py reads every other
 * element as 0, the fill value. The file itself is small.
 */
export function sparseHdf5(bytes = 2 * 1024 ** 3, written: ReadonlyMap<number, number> = new Map([[0, 11], [123_456_789, 22]])): Uint8Array {
  const length = Math.floor(bytes / 4);
  const chunk = 1 << 18; // 1 MiB of int32
  return editHdf5(null, (file) => {
    const group = requireGroup(file, '/experiments/1/0/sparse');
    const m = h5module();
    const path = joinPath(group, 'result');
    const i4 = dtypeMetadata('<i');
    const create = { ...i4, shape: [0n], maxshape: [BigInt(length)], chunks: [chunk], compression: 0, compression_opts: [], track_order: false };
    withBuffer(1, (pointer) => m.create_dataset(file.file_id, path, BigInt(pointer), create as never));
    m.resize_dataset(file.file_id, path, [BigInt(length)]);
    for (const [index, value] of written) {
      if (index >= length) continue;
      withBuffer(4, (pointer) => {
        new Int32Array(m.HEAPU8.buffer, pointer, 1)[0] = value;
        m.set_dataset_data(file.file_id, path, [1n], [BigInt(index)], [1n], BigInt(pointer));
      });
    }
    const dataset = group.get('result') as never;
    createRawAttribute(dataset, 'experiment_id', i4, [], int32([1]));
    createRawAttribute(dataset, 'stage', i4, [], int32([0]));
    createVlenStringAttribute(dataset, 'label', ['sparse'], [], 'utf-8');
    createVlenStringAttribute(dataset, 'time', ['2021-06-01T10:00:00.000000+00:00'], [], 'utf-8');
    globalResult(requireGroup(file, '/experiments/1/0/small'), 1, 0, 'small', [9], []);
  });
}

export const INT64_MAX_ID = 2n ** 63n - 1n;

/** An Entropy 0.2-0.5 project (revision 04ae19b32c08) whose old global results file is `global`. */
export function projectWithGlobalHdf5(open: DbOpener, global: Uint8Array): ProjectFiles {
  const files = buildEntropyProject(open, { at: '04ae19b32c08', experiments: 3 });
  files.set(GLOBAL_HDF5, global);
  return files;
}

/**
 * A project at the head whose experiment 2^63-1 has results waiting in SQLite: the move must
 * write `.entropy/hdf5/9223372036854775807.hdf5` holding that id, exactly.
 */
export function int64MaxExperimentProject(open: DbOpener, at = '04ae19b32c08'): ProjectFiles {
  const files = buildEntropyProject(open, {
    at,
    experiments: 2,
    rows: [
      { experimentId: INT64_MAX_ID, stage: 0, label: 'at_the_edge', ...pickled(42) },
      { experimentId: INT64_MAX_ID, stage: 1, label: 'meta', entity: 'metadata', ...pickled('m') },
      { experimentId: 1, stage: 0, label: 'ordinary', ...pickled(1) },
    ],
  });
  const db = open(files.get(DATABASE)!);
  try {
    // The experiment itself, a copy of experiment 1 under the largest id SQLite holds.
    db.exec(`CREATE TEMP TABLE edge AS SELECT * FROM Experiments WHERE id = 1; UPDATE edge SET id = ${INT64_MAX_ID}; INSERT INTO Experiments SELECT * FROM edge; DROP TABLE edge;`);
    files.set(DATABASE, db.export());
  } finally {
    db.close();
  }
  return files;
}
