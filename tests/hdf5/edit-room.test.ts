/**
 * editHdf5 makes room at once for what an edit is about to add, so that the in-memory file is
 * not copied into bigger storage again and again as HDF5 writes (each copy left to the
 * collector: in the page, hundreds of MB through a project's move). New files included: their
 * storage starts as a slice of the wasm heap (an Int8Array), which the room must replace too.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRawDataset, dtypeMetadata, editHdf5, h5wasm, loadHdf5, readHdf5, type Dataset, type File } from '../../migrations/hdf5/h5.ts';
import { readRawDataset } from '../../migrations/hdf5/h5-read.ts';

interface Memfs {
  expandFileStorage(node: unknown, capacity: number): void;
}

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

/** Counts the times MEMFS moves a file into bigger storage. */
function countGrowths(): { readonly count: () => number } {
  const memfs = (h5wasm().FS as unknown as { filesystems: { MEMFS: Memfs } }).filesystems.MEMFS;
  const original = memfs.expandFileStorage;
  let grown = 0;
  memfs.expandFileStorage = (node, capacity) => {
    const before = (node as { contents?: { length: number } }).contents?.length ?? 0;
    original.call(memfs, node, capacity);
    if (((node as { contents?: { length: number } }).contents?.length ?? 0) > before) grown++;
  };
  restore = () => (memfs.expandFileStorage = original);
  return { count: () => grown };
}

const DATASETS = 40;
const VALUE = new Uint8Array(8 * 1024).map((_, i) => i % 251);

function writeDatasets(file: File, prefix: string): void {
  for (let i = 0; i < DATASETS; i++) createRawDataset(file, `${prefix}${i}`, dtypeMetadata('<B'), [VALUE.length], VALUE);
}

const names = (bytes: Uint8Array) => readHdf5(bytes, (file) => file.keys().sort());
const room = DATASETS * (VALUE.length + 4096);

describe('room made for an edit', () => {
  beforeAll(loadHdf5);

  it('a new file grows into bigger storage without it (the count works)', () => {
    const growths = countGrowths();
    const bytes = editHdf5(null, (file) => writeDatasets(file, 'd'));
    expect(growths.count()).toBeGreaterThan(5);
    expect(names(bytes)).toHaveLength(DATASETS);
  });

  it('a new file is written into the room made for it, and its bytes are the whole file', () => {
    const growths = countGrowths();
    const bytes = editHdf5(null, (file) => writeDatasets(file, 'd'), room);
    expect(growths.count()).toBe(0);
    expect(names(bytes)).toEqual(Array.from({ length: DATASETS }, (_, i) => `d${i}`).sort());
    // Trimmed to the file: nothing of the room is handed back.
    expect(bytes.length).toBeLessThan(room);
    expect(readHdf5(bytes, (file) => readRawDataset(file.get('d7') as Dataset))).toEqual(VALUE);
  });

  it('an existing file is written into the room made for it, and keeps what it held', () => {
    const first = editHdf5(null, (file) => writeDatasets(file, 'a'));
    const growths = countGrowths();
    const bytes = editHdf5(first, (file) => writeDatasets(file, 'b'), room);
    expect(growths.count()).toBe(0);
    expect(names(bytes)).toHaveLength(2 * DATASETS);
  });
});
