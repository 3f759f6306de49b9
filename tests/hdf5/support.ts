/** Helpers of the HDF5 tests: a head database with experiments, staged files, reading back. */
import { StagedFiles, folderFromMap } from '../../src/engine/project/files.ts';
import { loadHdf5 } from '../../migrations/hdf5/index.ts';
import { readHdf5, h5wasm, type Dataset, type Group } from '../../migrations/hdf5/h5.ts';
import { pickleLoads } from '../../migrations/hdf5/pickle-read.ts';
import { build, chain, open } from '../support/db.ts';

await loadHdf5();

export const headDb = () => open(build(chain.head!, { rowsPerExperiment: 0, experiments: 4 }));

export const staged = (files: Record<string, Uint8Array> = {}) => new StagedFiles(folderFromMap(new Map(Object.entries(files))));

export interface ReadBack {
  readonly type: number;
  readonly shape: readonly number[] | null;
  readonly size: number;
  readonly value: unknown;
  readonly attrs: Record<string, { value: unknown; type: number; size: number; signed: boolean; cset?: number; vlen: boolean }>;
  /** The unpickled object when the dataset holds a pickle (data_type attribute). */
  readonly unpickled?: unknown;
}

/** Every dataset of an HDF5 file, by path. */
export function readBack(bytes: Uint8Array): Map<string, ReadBack> {
  return readHdf5(bytes, (file) => {
    const out = new Map<string, ReadBack>();
    const walk = (group: Group) => {
      for (const name of group.keys()) {
        const child = group.get(name);
        if (child instanceof h5wasm.Group) walk(child);
        else if (child instanceof h5wasm.Dataset) out.set(child.path, describe(child));
      }
    };
    walk(file);
    return out;
  });
}

function describe(d: Dataset): ReadBack {
  const attrs: ReadBack['attrs'] = {};
  for (const [name, attr] of Object.entries(d.attrs)) {
    const m = attr.metadata;
    attrs[name] = { value: attr.value, type: m.type, size: m.size, signed: m.signed, cset: m.cset, vlen: m.vlen };
  }
  const value = d.value;
  const unpickled = 'data_type' in attrs && value instanceof Uint8Array ? pickleLoads(value) : undefined;
  return { type: d.metadata.type, shape: d.metadata.shape, size: d.metadata.size, value, attrs, unpickled };
}
