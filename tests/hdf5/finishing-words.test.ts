/**
 * What the HDF5 move says a database opened alone leaves undone: the rows that stay only in
 * the database and, for a project of Entropy 0.2 to 0.5, the single results file beside it
 * that only an upgrade of the whole project splits (the page once named an hdf5 folder that
 * such a project does not have, and left the unsplit file out).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { hdf5Move } from '../../migrations/hdf5/finishing.ts';
import { loadHdf5 } from '../../migrations/hdf5/index.ts';
import { buildEntropyProject, DATABASE, rowMix } from '../../migrations/builders/entropy-project.ts';
import { open } from '../support/db.ts';
import { pickled } from '../../migrations/builders/python-values.ts';
import type { RowSpec } from '../../migrations/builders/hdf5-files.ts';
import { folderFromMap, StagedFiles } from '../../src/engine/index.ts';

beforeAll(() => loadHdf5()); // the builder writes the old entropy.hdf5

const globalResults = [1, 2, 3].map((id) => ({ experimentId: id, stage: 0, label: `g${id}`, values: [id], shape: [1] }));
const undone = (files: Map<string, Uint8Array>) => hdf5Move.describe(open(files.get(DATABASE)!), null).leftUndoneWithoutFolder;

describe('the database alone: what stays undone', () => {
  it('a 0.2-0.5 project: its results in the single entropy.hdf5 stay unsplit, said with their count', () => {
    const words = undone(buildEntropyProject(open, { at: '04ae19b32c08', experiments: 3, globalResults }));
    expect(words).toBe(
      "3 results saved in the project's single results file (.entropy/entropy.hdf5, as Entropy 0.2 to 0.5 kept them) stay there unsplit; Entropy 0.15 reads them only from one file per experiment, which Entropy's own upgrade of the whole project makes.",
    );
  });

  it('rows waiting in the database and the unsplit file: both said', () => {
    const rows = rowMix({ experiments: [1], perExperiment: 2, savedShare: 0, seed: 3 });
    const words = undone(buildEntropyProject(open, { at: '04ae19b32c08', experiments: 3, rows, globalResults }));
    expect(words).toMatch(/stay only in the database, .* 3 results saved in the project's single results file/);
  });

  it('a project of Entropy 0.5.1 or later (a Figures table, a file per experiment): no unsplit file', () => {
    expect(undone(buildEntropyProject(open, { at: 'f1ada2484fe2', experiments: 2 }))).toBeNull();
  });
});

describe('the whole project: a row the move cannot take is said in the plan, not only by the run', () => {
  const plan = (rows: RowSpec[]) => {
    const files = buildEntropyProject(open, { at: '04ae19b32c08', experiments: 2, rows });
    return hdf5Move.describe(open(files.get(DATABASE)!), new StagedFiles(folderFromMap(new Map([...files].filter(([p]) => p !== DATABASE)))));
  };

  it('a malformed pickle: the plan says where the run would stop, once, without claiming to have written nothing yet', () => {
    const broken = { experimentId: 2, stage: 0, label: 'broken', data: new Uint8Array([0x80, 0x04, 0xff, 0x00]), dataType: 'Pickled' as const };
    const words = plan([{ experimentId: 1, stage: 0, label: 'fine', ...pickled(1) }, broken]);
    expect(words.changes).toHaveLength(1);
    expect(words.stops).toMatch(/^Results row 2 \(experiment 2, label "broken"\) holds a pickle on which Entropy's own upgrade stops too \(.+\)\.$/);
    expect(words.stops).not.toMatch(/Nothing was written/);
    expect(words.warnings).toEqual([]);
  });

  it('rows the move takes: nothing stops it', () => {
    expect(plan([{ experimentId: 1, stage: 0, label: 'fine', ...pickled(1) }]).stops).toBeUndefined();
  });
});
