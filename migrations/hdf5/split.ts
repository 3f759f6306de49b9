/**
 * Entropy 0.2-0.5 kept every experiment in one `.entropy/entropy.hdf5` under
 * `/experiments/<id>/<stage>/<label>/result`. Entropy's upgrade copies each experiment's stage
 * groups into `.entropy/hdf5/<id>.hdf5` (h5py's `Group.copy`, i.e. H5Ocopy) and renames the old
 * file `entropy.hdf5.bak`. h5wasm has no H5Ocopy, so the copy rebuilds each group, dataset and
 * attribute with the same HDF5 types; values whose type h5wasm cannot create (h5py's bool enum,
 * opaque pickles) are carried the way dataset-writer.ts explains.
 */
import { Hdf5MoveError } from './errors.ts';
import type { ProjectFiles } from '../../src/engine/index.ts';
import {
  createRawAttribute,
  createRawDataset,
  createVlenStringAttribute,
  createVlenStringDataset,
  editHdf5,
  h5wasm,
  H5T,
  readHdf5,
  readRawAttribute,
  readRawDataset,
  readVlenStringBytes,
  type Dataset,
  type File,
  type Group,
  type Metadata,
} from './h5.ts';
import { writePickled } from './dataset-writer.ts';
import { experimentFile, GLOBAL_HDF5, GLOBAL_HDF5_BAK } from './layout.ts';
import { NdArrayValue, NumpyScalar, pickleDumps } from './pickle-write.ts';
import type { Hdf5MovePlan, Hdf5Warning } from './move.ts';

interface SplitPlan extends Hdf5MovePlan {
  /** experiment id -> names of its stage groups, in the old file */
  readonly stages: ReadonlyMap<number, readonly string[]>;
}

function openGlobal<T>(files: ProjectFiles, read: (file: File) => T): T {
  try {
    return readHdf5(files.read(GLOBAL_HDF5)!, read);
  } catch (e) {
    if (e instanceof Hdf5MoveError) throw e;
    throw new Hdf5MoveError('UNREADABLE_HDF5', `${GLOBAL_HDF5} is not an HDF5 file that can be read: ${(e as Error).message}`, { path: GLOBAL_HDF5 });
  }
}

export function planSplit(files: ProjectFiles): SplitPlan {
  const stages = openGlobal(files, (file) => {
    const out = new Map<number, string[]>();
    const top = file.get('experiments');
    if (!(top instanceof h5wasm().Group)) return out;
    for (const name of top.keys()) {
      // Entropy: int(exp_group.name[13:]), the name after "/experiments/"
      if (!/^\s*[+-]?\d+\s*$/.test(name)) {
        throw new Hdf5MoveError('BAD_GLOBAL_FILE', `${GLOBAL_HDF5} has /experiments/${name}, which is not an experiment id (Entropy's upgrade stops there).`, { name });
      }
      const child = top.get(name);
      out.set(Number(name), child instanceof h5wasm().Group ? child.keys() : []);
    }
    return out;
  });
  const ids = [...stages.keys()].sort((a, b) => a - b);
  for (const id of ids) {
    const existing = files.read(experimentFile(id));
    if (!existing) continue;
    const clash = readHdf5(existing, (file) => stages.get(id)!.find((s) => file.get(s) !== null));
    if (clash !== undefined) {
      throw new Hdf5MoveError('DUPLICATE_LABEL', `${experimentFile(id)} already has /${clash}, which ${GLOBAL_HDF5} would copy there (Entropy's upgrade stops there).`, { id, stage: clash });
    }
  }
  return {
    mode: 'split',
    results: 0,
    metadata: 0,
    experimentIds: ids,
    files: ids.map(experimentFile),
    globalFileBackup: GLOBAL_HDF5_BAK,
    warnings: [],
    stages,
  };
}

export function splitGlobalFile(files: ProjectFiles): Hdf5MovePlan & { storedAsPickle: number } {
  const plan = planSplit(files);
  const warnings: Hdf5Warning[] = [];
  let storedAsPickle = 0;
  let results = 0;
  let metadata = 0;
  openGlobal(files, (source) => {
    for (const id of plan.experimentIds) {
      const path = experimentFile(id);
      const from = source.get(`experiments/${id}`);
      // int() of the name may drop signs, spaces or leading zeros: find the group by its id
      const group = from instanceof h5wasm().Group ? from : findExperiment(source, id);
      // Staged as soon as it is made (planSplit checked everything first): one file in memory at a time.
      files.write(path, editHdf5(files.read(path), (target) => {
        for (const stage of plan.stages.get(id)!) {
          const counts = copyObject(group.get(stage)!, target, stage, warnings);
          storedAsPickle += counts.pickles;
          results += counts.results;
          metadata += counts.metadata;
        }
      }));
    }
  });
  files.move(GLOBAL_HDF5, GLOBAL_HDF5_BAK);
  const { stages: _stages, ...rest } = plan;
  return { ...rest, results, metadata, warnings, storedAsPickle };
}

function findExperiment(source: File, id: number): Group {
  const top = source.get('experiments') as Group;
  const name = top.keys().find((n) => Number(n) === id)!;
  return top.get(name) as Group;
}

interface Counts {
  pickles: number;
  results: number;
  metadata: number;
}

function copyObject(object: unknown, into: Group, name: string, warnings: Hdf5Warning[]): Counts {
  const counts: Counts = { pickles: 0, results: 0, metadata: 0 };
  if (object instanceof h5wasm().Group) {
    const copy = into.create_group(name);
    copyAttributes(object, copy, warnings);
    for (const child of object.keys()) {
      const c = copyObject(object.get(child), copy, child, warnings);
      counts.pickles += c.pickles;
      counts.results += c.results;
      counts.metadata += c.metadata;
    }
  } else if (object instanceof h5wasm().Dataset) {
    if (copyDataset(object, into, name)) counts.pickles++;
    copyAttributes(object, into.get(name) as Dataset, warnings);
    if (name === 'result') counts.results++;
    if (name === 'metadata') counts.metadata++;
  } else {
    warnings.push({ code: 'STORED_AS_PICKLE', message: `${into.path}/${name} in ${GLOBAL_HDF5} is a link, not copied.` });
  }
  return counts;
}

/** Copies one dataset; returns true when its value is now held as a pickle. */
function copyDataset(source: Dataset, into: Group, name: string): boolean {
  const metadata = source.metadata;
  const shape = metadata.shape ?? [];
  if (metadata.type === H5T.STRING && metadata.vlen) {
    const items = readVlenStringBytes(source);
    createVlenStringDataset(into, name, items, metadata.cset === 1 ? 'utf-8' : 'ascii', shape);
    return false;
  }
  const raw = readRawDataset(source);
  if ((metadata.type === H5T.INTEGER || metadata.type === H5T.FLOAT || metadata.type === H5T.COMPOUND || metadata.type === H5T.STRING) && metadata.littleEndian !== false) {
    createRawDataset(into, name, metadata, shape, raw);
    return false;
  }
  if (metadata.type === H5T.ENUM && isH5pyBool(metadata)) {
    const array = { dtype: { kind: 'b' as const, itemsize: 1, order: '|' as const }, shape, data: raw };
    writePickled(into, name, pickleDumps(shape.length === 0 ? new NumpyScalar(array.dtype, raw) : new NdArrayValue(array)));
    return true;
  }
  if (metadata.type === H5T.OPAQUE) {
    // Entropy's own pickle fallback; the data_type attribute comes along with the others
    createRawDataset(into, name, { ...metadata, type: H5T.INTEGER, size: 1, signed: false }, [raw.length], raw);
    return true;
  }
  throw unsupported(source, `HDF5 type class ${metadata.type}`);
}

function isH5pyBool(metadata: Metadata): boolean {
  const members = metadata.enum_type?.members ?? {};
  return Object.keys(members).length === 2 && members.FALSE === 0 && members.TRUE === 1;
}

function unsupported(source: Dataset, what: string): Hdf5MoveError {
  return new Hdf5MoveError('BAD_GLOBAL_FILE', `${GLOBAL_HDF5} holds ${source.path} as ${what}, which this tool cannot copy yet.`, { path: source.path });
}

function copyAttributes(source: Group | Dataset, target: Group | Dataset, warnings: Hdf5Warning[]): void {
  const existing = new Set(Object.keys(target.attrs));
  for (const name of Object.keys(source.attrs)) {
    if (existing.has(name)) continue; // writePickled's data_type
    const { metadata, bytes } = readRawAttribute(source, name);
    const shape = metadata.shape ?? [];
    if (metadata.type === H5T.STRING && metadata.vlen) {
      const value = source.attrs[name]!.value;
      const items = (Array.isArray(value) ? value : [value]).map(String);
      createVlenStringAttribute(target, name, metadata.cset === 1 ? items : items.map(latin1Bytes), shape, metadata.cset === 1 ? 'utf-8' : 'ascii');
    } else if ((metadata.type === H5T.INTEGER || metadata.type === H5T.FLOAT || metadata.type === H5T.STRING) && metadata.littleEndian !== false) {
      createRawAttribute(target, name, metadata, shape, bytes);
    } else {
      warnings.push({ code: 'STORED_AS_PICKLE', message: `Attribute ${name} of ${source.path} in ${GLOBAL_HDF5} has a type this tool cannot copy; left out.` });
    }
  }
}

/** h5wasm reads ASCII strings one byte per character; give HDF5 those bytes back. */
function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}
