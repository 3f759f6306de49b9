/**
 * h5py's `Group.copy` (HDF5's H5Ocopy) rebuilt with h5wasm, which has no H5Ocopy: each group,
 * dataset and attribute again with the same HDF5 types. As H5Ocopy does by default, soft and
 * external links are copied as links (not followed), and an object met a second time within
 * one copy (a second hard link to it, or a link back to a group above: a cycle) becomes a hard
 * link to its first copy, so a cycle ends instead of running forever. Values whose type h5wasm
 * cannot create (h5py's bool enum, opaque pickles) are carried the way dataset-writer.ts explains.
 */
import { Hdf5MoveError, type Hdf5Warning } from './errors.ts';
import {
  createRawAttribute,
  createRawDataset,
  createVlenStringAttribute,
  createVlenStringDataset,
  h5module,
  h5wasm,
  H5T,
  joinPath,
  type Dataset,
  type Group,
  type Metadata,
} from './h5.ts';
import { attributeNames, linkAt, memberNames, objectIdentity, readAttribute, readRawDataset, readVlenStringBytes } from './h5-read.ts';
import { copyBySlabs, wantsSlabs, type ZeroSlabs } from './h5-slabs.ts';
import { writePickled } from './dataset-writer.ts';
import { NdArrayValue, NumpyScalar, pickleDumps } from './pickle-write.ts';

export interface CopyCounts {
  pickles: number;
  results: number;
  metadata: number;
}

/** One H5Ocopy: where each object met so far was copied to (by identity), and what to tell. */
export interface CopyState {
  readonly copied: Map<string, string>;
  readonly warnings: Hdf5Warning[];
  readonly counts: CopyCounts;
  /** The file being split, for sentences. */
  readonly file: string;
  /** Datasets copied by slabs (by their path in the copy): the slabs their source read as zero. */
  readonly zeroSlabs: Map<string, ZeroSlabs>;
}

export function newCopy(file: string, warnings: Hdf5Warning[]): CopyState {
  return { copied: new Map(), warnings, counts: { pickles: 0, results: 0, metadata: 0 }, file, zeroSlabs: new Map() };
}

/** Copies `source` (reached through a hard link, or the top of a copy) into `into` as `name`. */
export function copyObject(source: unknown, into: Group, name: string, state: CopyState): void {
  const h5 = h5wasm();
  if (!(source instanceof h5.Group) && !(source instanceof h5.Dataset)) {
    state.warnings.push({ code: 'NOT_COPIED', message: `${joinPath(into, name)} in ${state.file} is neither a group nor a dataset (a named datatype or a dangling link); it is not copied.` });
    return;
  }
  const identity = objectIdentity(source);
  const first = state.copied.get(identity);
  if (first !== undefined) {
    h5module().create_hard_link(into.file_id, first, joinPath(into, name));
    return;
  }
  state.copied.set(identity, joinPath(into, name));
  if (source instanceof h5.Group) {
    const copy = into.create_group(name);
    copyAttributes(source, copy, state);
    for (const child of memberNames(source)) copyChild(source, child, copy, state);
    return;
  }
  if (copyDataset(source, into, name, state)) state.counts.pickles++;
  copyAttributes(source, new h5.Dataset(into.file_id, joinPath(into, name)), state);
  if (name === 'result') state.counts.results++;
  if (name === 'metadata') state.counts.metadata++;
}

function copyChild(group: Group, name: string, into: Group, state: CopyState): void {
  const link = linkAt(group, name);
  const at = joinPath(into, name);
  if (link?.kind === 'soft') h5module().create_soft_link(into.file_id, link.target, at);
  else if (link?.kind === 'external') h5module().create_external_link(into.file_id, link.file, link.path, at);
  else copyObject(group.get(name), into, name, state);
}

/** Copies one dataset; returns true when its value is now held as a pickle. */
function copyDataset(source: Dataset, into: Group, name: string, state: CopyState): boolean {
  const metadata = source.metadata;
  const shape = metadata.shape ?? [];
  if (metadata.type === H5T.STRING && metadata.vlen) {
    createVlenStringDataset(into, name, readVlenStringBytes(source), metadata.cset === 1 ? 'utf-8' : 'ascii', shape);
    return false;
  }
  if (rawCopyable(metadata)) {
    if (wantsSlabs(metadata)) state.zeroSlabs.set(joinPath(into, name), copyBySlabs(source, into, name));
    else createRawDataset(into, name, metadata, shape, readRawDataset(source));
    return false;
  }
  const raw = readRawDataset(source);
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
  throw new Hdf5MoveError('BAD_GLOBAL_FILE', `${state.file} holds ${source.path} as HDF5 type class ${metadata.type}, which this tool cannot copy yet.`, { path: source.path });
}

/** Types h5wasm writes as they are read: little-endian numbers, packed compounds, fixed-length strings. */
export function rawCopyable(metadata: Metadata): boolean {
  const kinds: number[] = [H5T.INTEGER, H5T.FLOAT, H5T.COMPOUND, H5T.STRING];
  return kinds.includes(metadata.type) && metadata.littleEndian !== false && !metadata.vlen;
}

export function isH5pyBool(metadata: Metadata): boolean {
  const members = metadata.enum_type?.members ?? {};
  return Object.keys(members).length === 2 && members.FALSE === 0 && members.TRUE === 1;
}

function copyAttributes(source: Group | Dataset, target: Group | Dataset, state: CopyState): void {
  const existing = new Set(attributeNames(target));
  for (const name of attributeNames(source)) {
    if (existing.has(name)) continue; // writePickled's data_type
    const { metadata, bytes, items } = readAttribute(source, name);
    const shape = metadata.shape ?? [];
    if (items) {
      // The bytes as they are: no decoding and encoding again on the way.
      createVlenStringAttribute(target, name, items, shape, metadata.cset === 1 ? 'utf-8' : 'ascii');
    } else if ((metadata.type === H5T.INTEGER || metadata.type === H5T.FLOAT || metadata.type === H5T.STRING) && metadata.littleEndian !== false) {
      createRawAttribute(target, name, metadata, shape, bytes!);
    } else {
      state.warnings.push({ code: 'NOT_COPIED', message: `Attribute ${name} of ${source.path} in ${state.file} has a type this tool cannot copy; left out.` });
    }
  }
}
