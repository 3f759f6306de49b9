/**
 * Entropy 0.2-0.5 kept every experiment in one `.entropy/entropy.hdf5` under
 * `/experiments/<id>/<stage>/<label>/result`. Entropy's upgrade
 * (`migrate_from_per_project_hdf5_to_per_experiment_hdf5_files`) takes each group of
 * /experiments in h5py's order, parses its name with Python's int(), and copies each of its
 * stage groups into `.entropy/hdf5/<int>.hdf5` (h5py's `Group.copy`); then it renames the old
 * file `entropy.hdf5.bak`. Two names with one int (`1` and `01`) both go into `1.hdf5`; a stage
 * met twice for one file stops Entropy's upgrade, and is refused here. The copy is h5-copy.ts.
 */
import { Hdf5MoveError, type Hdf5Warning } from './errors.ts';
import { printable, type ProjectFiles } from '../../src/engine/index.ts';
import { editHdf5, h5wasm, readHdf5, type File, type Group } from './h5.ts';
import { copyObject, newCopy } from './h5-copy.ts';
import { memberNames } from './h5-read.ts';
import type { ZeroSlabs } from './h5-slabs.ts';
import { describeHdf5Failure } from './hdf5-failure.ts';
import { compareIds, pythonInt, type IdText } from './ids.ts';
import { experimentFile, GLOBAL_HDF5, GLOBAL_HDF5_BAK } from './layout.ts';
import type { Hdf5MovePlan, MoveOptions } from './move-plan.ts';
import { readBackSplit, type ExperimentGroup } from './split-read-back.ts';

interface SplitPlan extends Hdf5MovePlan {
  /** experiment id -> the groups of /experiments whose name int() makes that id, in h5py's order */
  readonly sources: ReadonlyMap<IdText, readonly ExperimentGroup[]>;
}

const shown = (name: string) => printable(name, 60);

function openGlobal<T>(files: ProjectFiles, read: (file: File) => T): T {
  try {
    return readHdf5(files.read(GLOBAL_HDF5)!, read);
  } catch (e) {
    if (e instanceof Hdf5MoveError) throw e;
    throw describeHdf5Failure(e, GLOBAL_HDF5);
  }
}

/** The groups of /experiments by the id Entropy's int() gives their names. */
function experimentGroups(file: File): Map<IdText, ExperimentGroup[]> {
  const out = new Map<IdText, ExperimentGroup[]>();
  const top = file.get('experiments');
  if (top === null) return out;
  if (!(top instanceof h5wasm().Group)) {
    throw new Hdf5MoveError('BAD_GLOBAL_FILE', `${GLOBAL_HDF5} has /experiments, which is not a group (Entropy's upgrade stops there).`, {});
  }
  for (const name of memberNames(top)) {
    // Entropy: int(exp_group.name[13:]), the name after "/experiments/"
    const id = pythonInt(name);
    if (id === null) {
      throw new Hdf5MoveError('BAD_GLOBAL_FILE', `${GLOBAL_HDF5} has /experiments/${shown(name)}, which is not an experiment id (Entropy's upgrade stops there).`, { name });
    }
    const child = top.get(name);
    if (!(child instanceof h5wasm().Group)) {
      throw new Hdf5MoveError('BAD_GLOBAL_FILE', `${GLOBAL_HDF5} has /experiments/${shown(name)}, which is not a group of stages (Entropy's upgrade stops there).`, { name });
    }
    const key = id.toString();
    out.set(key, [...(out.get(key) ?? []), { name, stages: memberNames(child) }]);
  }
  return out;
}

export function planSplit(files: ProjectFiles): SplitPlan {
  const sources = openGlobal(files, experimentGroups);
  const ids = [...sources.keys()].sort(compareIds);
  for (const id of ids) {
    const groups = sources.get(id)!;
    const existing = files.read(experimentFile(id));
    const taken = new Map<string, string>();
    if (existing) {
      const present = readExisting(existing, experimentFile(id), (file) => groups.flatMap((g) => g.stages).filter((s) => file.get(s) !== null));
      for (const stage of present) taken.set(stage, `${experimentFile(id)} already has /${shown(stage)}`);
    }
    for (const group of groups) {
      for (const stage of group.stages) {
        const clash = taken.get(stage);
        if (clash !== undefined) {
          throw new Hdf5MoveError(
            'DUPLICATE_LABEL',
            `${clash}, which ${GLOBAL_HDF5} would copy there again from /experiments/${shown(group.name)} (Entropy's upgrade stops there).`,
            { id, stage },
          );
        }
        taken.set(stage, `/experiments/${shown(group.name)}/${shown(stage)} of ${GLOBAL_HDF5} goes to ${experimentFile(id)} as /${shown(stage)}`);
      }
    }
  }
  return { mode: 'split', results: 0, metadata: 0, experimentIds: ids, files: ids.map(experimentFile), globalFileBackup: GLOBAL_HDF5_BAK, warnings: [], sources };
}

function readExisting<T>(bytes: Uint8Array, path: string, read: (file: File) => T): T {
  try {
    return readHdf5(bytes, read);
  } catch (e) {
    throw describeHdf5Failure(e, path);
  }
}

export interface SplitReport extends Hdf5MovePlan {
  readonly storedAsPickle: number;
  /** Result and metadata datasets read back from the new files and found equal to the old file's. */
  readonly readBack: { readonly results: number; readonly metadata: number };
}

export function splitGlobalFile(files: ProjectFiles, options: MoveOptions = {}): SplitReport {
  const plan = planSplit(files);
  const warnings: Hdf5Warning[] = [];
  let storedAsPickle = 0;
  let results = 0;
  let metadata = 0;
  const readBack = { results: 0, metadata: 0 };
  openGlobal(files, (source) => {
    const top = source.get('experiments') as Group;
    for (const id of plan.experimentIds) {
      const path = experimentFile(id);
      const groups = plan.sources.get(id)!;
      const zeroSlabs = new Map<string, ZeroSlabs>();
      // Staged as soon as it is made (planSplit checked everything first): one file in memory at a time.
      const bytes = editHdf5(files.read(path), (target) => {
        for (const group of groups) {
          const from = top.get(group.name) as Group;
          for (const stage of group.stages) {
            // One H5Ocopy per stage group, as Entropy's exp_group.copy(stage_group, exp_file)
            const copy = newCopy(GLOBAL_HDF5, warnings);
            try {
              (options.copyObject ?? copyObject)(from.get(stage), target, stage, copy);
            } catch (e) {
              throw describeHdf5Failure(e, GLOBAL_HDF5, ` (experiment ${id}, /experiments/${shown(group.name)}/${shown(stage)})`);
            }
            for (const [at, zeros] of copy.zeroSlabs) zeroSlabs.set(at, zeros);
            storedAsPickle += copy.counts.pickles;
            results += copy.counts.results;
            metadata += copy.counts.metadata;
          }
        }
      });
      files.write(path, bytes);
      // Read back from the very bytes staged (see move.ts: not read again from disk).
      const equal = readBackSplit(bytes, path, top, groups, id, zeroSlabs);
      readBack.results += equal.results;
      readBack.metadata += equal.metadata;
    }
  });
  files.move(GLOBAL_HDF5, GLOBAL_HDF5_BAK);
  const { sources: _sources, ...rest } = plan;
  return { ...rest, results, metadata, warnings, storedAsPickle, readBack };
}
