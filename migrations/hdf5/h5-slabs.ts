/**
 * Big and sparse datasets, a slab at a time. h5py reads a chunk that was never written as the
 * fill value, and Entropy's split copies a dataset with H5Ocopy, which copies only the chunks
 * that exist: a 2 GiB dataset with three chunks written is a small file and a 2-second copy.
 * Reading it whole needs 2 GiB of wasm heap (refused), so it is read and written in slabs of
 * whole chunks, at most SLAB_BYTES each, and a slab that is all zero bytes (what an unwritten
 * chunk reads as under the default fill value) is not written: the copy stays sparse and
 * reads back the same. A slab with any other byte is written, so a dataset whose fill value
 * is not zero is copied whole, still correctly.
 */
import { h5module, joinPath, type Dataset, type Group, type Metadata } from './h5.ts';
import { withBuffer } from './h5-read.ts';

/** The most one slab holds (unless one chunk is bigger). */
export const SLAB_BYTES = 4 * 1024 * 1024;

/** HDF5's unlimited dimension, as h5wasm reports it (a double near 2^64). */
const UNLIMITED = 2 ** 64 - 1;

export interface Slab {
  readonly offset: readonly number[];
  readonly count: readonly number[];
}

/**
 * The slab shape: chunk-aligned, grown from the last dimension while it fits in `limit`, so
 * that a slab is one contiguous run of the dataset where it can be.
 */
export function slabShape(shape: readonly number[], chunks: readonly number[] | null, itemSize: number, limit = SLAB_BYTES): number[] {
  const slab = shape.map((extent, i) => Math.max(1, Math.min(extent, chunks?.[i] ?? 1)));
  for (let i = shape.length - 1; i >= 0; i--) {
    const unit = chunks?.[i] ?? 1;
    const others = slab.reduce((n, s, j) => (j === i ? n : n * s), itemSize);
    const fits = Math.max(1, Math.floor(limit / others / unit)) * unit;
    slab[i] = Math.max(slab[i]!, Math.min(shape[i]!, fits));
    if (slab[i]! < shape[i]!) break;
  }
  return slab;
}

/** Every slab of a dataset of `shape`, in row-major order. */
export function* slabsOf(shape: readonly number[], slab: readonly number[]): Generator<Slab> {
  if (shape.some((n) => n === 0)) return;
  const offset = shape.map(() => 0);
  for (;;) {
    yield { offset: [...offset], count: offset.map((o, i) => Math.min(slab[i]!, shape[i]! - o)) };
    let i = shape.length - 1;
    while (i >= 0) {
      offset[i]! += slab[i]!;
      if (offset[i]! < shape[i]!) break;
      offset[i] = 0;
      i--;
    }
    if (i < 0) return;
  }
}

const big = (values: readonly number[]) => values.map((v) => BigInt(v));

function readSlab(dataset: Dataset, slab: Slab, pointer: number): void {
  h5module().get_dataset_data(dataset.file_id, dataset.path, big(slab.count), big(slab.offset), big(slab.count.map(() => 1)), BigInt(pointer));
}

/** Whether `nbytes` at `pointer` are all zero. */
function allZero(pointer: number, nbytes: number): boolean {
  const heap = h5module().HEAPU8;
  const words = new Uint32Array(heap.buffer, pointer, nbytes >>> 2);
  for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
  for (let i = words.length * 4; i < nbytes; i++) if (heap[pointer + i] !== 0) return false;
  return true;
}

/** Deflate (gzip) is the one filter h5wasm can write; others only change how bytes are kept. */
function deflateLevel(dataset: Dataset): number | null {
  const filters = h5module().get_dataset_filters(dataset.file_id, dataset.path) as { id: number; cd_values: number[] }[];
  const deflate = filters.find((f) => f.id === 1);
  return deflate ? (deflate.cd_values[0] ?? 4) : null;
}

const dims = (values: readonly number[]) => values.map((v) => (v >= UNLIMITED ? 2n ** 64n - 1n : BigInt(v)));

/**
 * Copies `source` into `into` as `name`, slab by slab: same type, shape and maximum shape,
 * chunked as the source is (a contiguous source in chunks of one slab), deflated where the
 * source is. Values read the same; unwritten chunks stay unwritten.
 */
export function copyBySlabs(source: Dataset, into: Group, name: string): ZeroSlabs {
  const m = h5module();
  const metadata = source.metadata;
  const shape = metadata.shape ?? [];
  const slab = slabShape(shape, metadata.chunks, metadata.size);
  const level = deflateLevel(source);
  const target = joinPath(into, name);
  const create = {
    ...metadata,
    shape: shape.map(() => 0n),
    maxshape: dims(metadata.maxshape ?? shape),
    chunks: metadata.chunks ?? slab,
    compression: level === null ? 0 : 1,
    compression_opts: level === null ? [] : [level],
    track_order: false,
  };
  withBuffer(1, (pointer) => m.create_dataset(into.file_id, target, BigInt(pointer), create as never));
  m.resize_dataset(into.file_id, target, big(shape));
  const nbytes = slab.reduce((n, s) => n * s, metadata.size);
  const write = (part: Slab, pointer: number) => m.set_dataset_data(into.file_id, target, big(part.count), big(part.offset), big(part.count.map(() => 1)), BigInt(pointer));
  const chunk = metadata.chunks;
  const chunksPerSlab = chunk ? slab.reduce((n, s, i) => n * Math.ceil(s / chunk[i]!), 1) : 1;
  const zeros = new Set<number>();
  let index = -1;
  withBuffer(nbytes, (pointer) => {
    for (const part of slabsOf(shape, slab)) {
      index++;
      readSlab(source, part, pointer);
      if (allZero(pointer, bytesOf(part, metadata.size))) {
        zeros.add(index);
        continue;
      }
      if (!chunk || chunksPerSlab === 1 || chunksPerSlab > CHUNKS_ONE_BY_ONE) {
        write(part, pointer);
        continue;
      }
      // A slab with a few written chunks among unwritten ones: chunk by chunk, so the copy stays sparse.
      for (const one of chunksIn(part, chunk)) {
        readSlab(source, one, pointer);
        if (!allZero(pointer, bytesOf(one, metadata.size))) write(one, pointer);
      }
    }
  });
  return zeros;
}

/**
 * The slabs (by their index in slabsOf's order) that the copy read from its source as all
 * zero: the read-back checks the copy's are zero too, without reading the source again.
 */
export type ZeroSlabs = ReadonlySet<number>;

/** Up to this many chunks in a slab are written one by one; more small chunks, the slab at once. */
const CHUNKS_ONE_BY_ONE = 64;

const bytesOf = (part: Slab, itemSize: number) => part.count.reduce((n, c) => n * c, itemSize);

/** The chunks inside a chunk-aligned slab. */
function* chunksIn(part: Slab, chunk: readonly number[]): Generator<Slab> {
  for (const inner of slabsOf(part.count, chunk)) {
    yield { offset: inner.offset.map((o, i) => o + part.offset[i]!), count: inner.count };
  }
}

/**
 * Whether two datasets of one shape and element size hold the same bytes, compared a slab at
 * a time; `zeros`: slabs of `a` known to be all zero (copyBySlabs read them), whose `b` slab
 * is checked to be zero instead of reading `a` again.
 */
export function sameBySlabs(a: Dataset, b: Dataset, metadata: Metadata, zeros: ZeroSlabs = new Set()): boolean {
  const shape = metadata.shape ?? [];
  const slab = slabShape(shape, metadata.chunks, metadata.size);
  const nbytes = slab.reduce((n, s) => n * s, metadata.size);
  return withBuffer(nbytes, (first) =>
    withBuffer(nbytes, (second) => {
      let index = -1;
      for (const part of slabsOf(shape, slab)) {
        index++;
        const size = bytesOf(part, metadata.size);
        readSlab(b, part, second);
        if (zeros.has(index)) {
          if (!allZero(second, size)) return false;
          continue;
        }
        readSlab(a, part, first);
        if (!sameBytes(h5module().HEAPU8, first, second, size)) return false;
      }
      return true;
    }),
  );
}

function sameBytes(heap: Uint8Array, a: number, b: number, n: number): boolean {
  const x = new Uint32Array(heap.buffer, a, n >>> 2);
  const y = new Uint32Array(heap.buffer, b, n >>> 2);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  for (let i = x.length * 4; i < n; i++) if (heap[a + i] !== heap[b + i]) return false;
  return true;
}

/** Whether a dataset is copied by slabs: chunked (maybe sparse) or too big to read whole. */
export function wantsSlabs(metadata: Metadata): boolean {
  const bytes = metadata.size * metadata.total_size;
  return (metadata.chunks !== null || bytes > SLAB_BYTES) && (metadata.shape?.length ?? 0) > 0;
}
