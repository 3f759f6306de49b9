/**
 * The split's read-back: each new experiment file, read again from the bytes that will reach
 * the folder, must hold what the old global file holds under the stages copied into it: the
 * same groups and links, every dataset's values (a slab at a time for big or sparse ones) and
 * every attribute, and where h5py's H5Ocopy keeps one object under two names, one object
 * again. A difference is a typed error naming the experiment and the label; nothing is written.
 */
import { printable, ReadBackError } from '../../src/engine/index.ts';
import { h5wasm, H5T, joinPath, readHdf5, type Dataset, type Group, type Metadata } from './h5.ts';
import { isH5pyBool, rawCopyable } from './h5-copy.ts';
import { attributeNames, equalBytes, linkAt, memberNames, objectIdentity, readAttribute, readRawDataset, readVlenStringBytes } from './h5-read.ts';
import { sameBySlabs, wantsSlabs, type ZeroSlabs } from './h5-slabs.ts';
import { storageOf } from './h5py-storage.ts';
import type { IdText } from './ids.ts';
import { pickleLoads } from './pickle-read.ts';

interface Compare {
  readonly copied: Map<string, string>;
  readonly counts: { results: number; metadata: number };
  readonly zeroSlabs: ReadonlyMap<string, ZeroSlabs>;
}

const same = equalBytes;
const sameList = (a: readonly Uint8Array[] | null, b: readonly Uint8Array[] | null) => !!a && !!b && a.length === b.length && a.every((x, i) => same(x, b[i]));
const sameShape = (a: Metadata, b: Metadata) => JSON.stringify(a.shape ?? []) === JSON.stringify(b.shape ?? []);

/** One group of /experiments: its name in the old file and its stage groups, in h5py's order. */
export interface ExperimentGroup {
  readonly name: string;
  readonly stages: readonly string[];
}

/** Reads `bytes` (experiment `id`'s new file) and checks it against `groups` of the old file's /experiments (`top`). */
export function readBackSplit(
  bytes: Uint8Array,
  path: string,
  top: Group,
  groups: readonly ExperimentGroup[],
  id: IdText,
  zeroSlabs: ReadonlyMap<string, ZeroSlabs> = new Map(),
): { results: number; metadata: number } {
  const counts = { results: 0, metadata: 0 };
  readHdf5(bytes, (target) => {
    for (const group of groups) {
      const from = top.get(group.name) as Group;
      for (const stage of group.stages) {
        const problem = compareObject(from.get(stage), target, stage, { copied: new Map(), counts, zeroSlabs });
        if (problem) {
          throw new ReadBackError(path, `Experiment ${id}, ${printable(problem.at, 80)}: ${path}, read back, does not hold what the old results file holds (${problem.what})`, { experimentId: id, at: problem.at });
        }
      }
    }
  });
  return counts;
}

type Problem = { at: string; what: string } | null;

function compareObject(source: unknown, into: Group, name: string, state: Compare): Problem {
  const h5 = h5wasm();
  const at = joinPath(into, name);
  // Neither a group nor a dataset: not copied (the split warned of it).
  if (!(source instanceof h5.Group) && !(source instanceof h5.Dataset)) return null;
  const copy = into.get(name);
  const identity = objectIdentity(source);
  const first = state.copied.get(identity);
  if (first !== undefined) {
    const original = into.get(first);
    const linked = copy !== null && original !== null && objectIdentity(copy as Group) === objectIdentity(original as Group);
    return linked ? null : { at, what: `not the same object as ${first}` };
  }
  state.copied.set(identity, at);
  if (source instanceof h5.Group) {
    if (!(copy instanceof h5.Group)) return { at, what: 'the group is missing' };
    // By name: a group that tracks creation order lists its members in that order, its copy by name.
    if (JSON.stringify(memberNames(source).sort()) !== JSON.stringify(memberNames(copy).sort())) return { at, what: 'its members differ' };
    const attrs = compareAttributes(source, copy, false);
    if (attrs) return { at, what: attrs };
    for (const child of memberNames(source)) {
      const link = linkAt(source, child);
      if (link) {
        if (JSON.stringify(linkAt(copy, child)) !== JSON.stringify(link)) return { at: joinPath(copy, child), what: 'the link differs' };
        continue;
      }
      const problem = compareObject(source.get(child), copy, child, state);
      if (problem) return problem;
    }
    return null;
  }
  if (!(copy instanceof h5.Dataset)) return { at, what: 'the dataset is missing' };
  const values = compareDataset(source, copy, state.zeroSlabs.get(at));
  if (values) return { at, what: values };
  const attrs = compareAttributes(source, copy, values === null && attributeNames(copy).includes('data_type') && !attributeNames(source).includes('data_type'));
  if (attrs) return { at, what: attrs };
  if (name === 'result') state.counts.results++;
  if (name === 'metadata') state.counts.metadata++;
  return null;
}

function compareDataset(source: Dataset, copy: Dataset, zeros?: ZeroSlabs): string | null {
  const m = source.metadata;
  const c = copy.metadata;
  if (m.type === H5T.STRING && m.vlen) {
    return c.type === H5T.STRING && c.vlen && c.cset === m.cset && sameShape(m, c) && sameList(readVlenStringBytes(source), readVlenStringBytes(copy)) ? null : 'the strings differ';
  }
  if (rawCopyable(m)) {
    const sameType = c.type === m.type && c.size === m.size && c.signed === m.signed && sameShape(m, c);
    if (!sameType) return 'the type or shape differs';
    return (wantsSlabs(m) ? sameBySlabs(source, copy, m, zeros) : same(readRawDataset(source), readRawDataset(copy))) ? null : 'the values differ';
  }
  const raw = readRawDataset(source);
  const held = readRawDataset(copy);
  if (m.type === H5T.OPAQUE) return same(raw, held) ? null : "Entropy's pickle differs";
  if (m.type === H5T.ENUM && isH5pyBool(m)) {
    let back: ReturnType<typeof storageOf>;
    try {
      back = storageOf(pickleLoads(held));
    } catch {
      return 'the pickled booleans cannot be read back';
    }
    const ok = back.kind === 'array' && back.array.dtype.kind === 'b' && JSON.stringify(back.array.shape) === JSON.stringify(m.shape ?? []) && same(back.array.data, raw);
    return ok ? null : 'the booleans differ';
  }
  return 'a type this tool does not copy';
}

/**
 * Every attribute the copy could carry (numbers, strings) the same, and nothing more, but the
 * data_type of a value now held as a pickle (`pickled`).
 */
function compareAttributes(source: Group | Dataset, copy: Group | Dataset, pickled: boolean): string | null {
  const carried = attributeNames(source).filter((n) => {
    const t = readAttribute(source, n).metadata;
    return (t.type === H5T.STRING && t.vlen) || ((t.type === H5T.INTEGER || t.type === H5T.FLOAT || t.type === H5T.STRING) && t.littleEndian !== false);
  });
  const present = attributeNames(copy).filter((n) => !(pickled && n === 'data_type'));
  if (JSON.stringify([...carried].sort()) !== JSON.stringify([...present].sort())) return 'its attributes differ';
  for (const name of carried) {
    const a = readAttribute(source, name);
    const b = readAttribute(copy, name);
    const equal = a.metadata.type === b.metadata.type && a.metadata.size === b.metadata.size && sameShape(a.metadata, b.metadata) && (a.items ? sameList(a.items, b.items) : same(a.bytes, b.bytes));
    if (!equal) return `its attribute ${printable(name, 40)} differs`;
  }
  return null;
}
