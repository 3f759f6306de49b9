/**
 * h5wasm (HDF5's own C library compiled to wasm) behind the few calls this folder needs.
 * The 'h5wasm' entry embeds its wasm and keeps files in Emscripten's in-memory FS in Node
 * and in a browser worker alike, so bytes go in and out through that FS: nothing touches disk.
 *
 * The library is imported when a project first needs it, not with this module: it is 5.7 MB
 * of JavaScript and wasm, and parsing it would cost every CLI command (even --help) about
 * 300 ms and the page's worker its start-up, although only a project's HDF5 move uses it.
 */
import type * as H5 from 'h5wasm';
import { memoryMeter, releaseBytes, trimBytes } from '../../src/engine/index.ts';
import { needBatched } from './small-asks.ts';

let loading: Promise<void> | null = null;
let library: typeof H5 | null = null;

/** Loads the HDF5 library once; every other function here needs it to have resolved. */
export function loadHdf5(): Promise<void> {
  loading ??= import('h5wasm').then(async (imported) => {
    const module = await imported.ready;
    // HDF5 failures become exceptions instead of diagnostics printed on stderr.
    module.activate_throwing_error_handler();
    library = imported;
  });
  // A failed load (a chunk the page could not fetch) is tried again on the next call.
  loading.catch(() => (loading = null));
  return loading;
}

/** The loaded library (its File, Group and Dataset classes, its FS). */
export function h5wasm(): typeof H5 {
  if (!library?.Module || !library.FS) throw new Error('HDF5 is not loaded: await loadHdf5() first.');
  return library;
}

export function h5module(): typeof H5.Module {
  return h5wasm().Module;
}

const module = h5module;

let scratch = 0;

/**
 * Opens `bytes` (or a new, empty file when null) as an HDF5 file, runs `edit` on it and
 * returns the file's bytes afterwards. The in-memory copy is always removed. `expectedBytes`,
 * what `edit` is about to add, is room made for it at once (see reserve).
 */
export function editHdf5(bytes: Uint8Array | null, edit: (file: H5.File) => void, expectedBytes = 0): Uint8Array {
  const fs = h5wasm().FS!;
  const path = `/entropy-migrate-${++scratch}.hdf5`;
  // The file is held twice in memory: in HDF5's in-memory FS, and as the bytes handed back.
  if (bytes) {
    memoryMeter().need(bytes.byteLength, 'an HDF5 file being edited');
    fs.writeFile(path, bytes);
  }
  try {
    const file = new (h5wasm().File)(path, bytes ? 'a' : 'w');
    try {
      if (expectedBytes > 0) reserve(path, expectedBytes, bytes);
      edit(file);
    } finally {
      file.close();
    }
    return ownBytes(path, bytes);
  } finally {
    if (fs.analyzePath(path).exists) fs.unlink(path);
  }
}

/** An in-memory file as MEMFS keeps it: its storage, of which the file is the first usedBytes. */
interface MemfsNode {
  contents?: unknown;
  usedBytes?: unknown;
}

/**
 * The file's storage as bytes. MEMFS keeps a new file's first write as a slice of what it was
 * given, and HDF5 writes from the wasm heap, an Int8Array: a new file's storage is one until
 * it first grows (into a Uint8Array). Either is the same bytes.
 */
function memfsNode(path: string): { node: MemfsNode; contents: Uint8Array; usedBytes: number } | null {
  const node = h5wasm().FS!.lookupPath(path, {}).node as unknown as MemfsNode;
  const { contents, usedBytes } = node;
  if (typeof usedBytes !== 'number') return null;
  if (contents instanceof Uint8Array) return { node, contents, usedBytes };
  if (contents instanceof Int8Array) return { node, contents: new Uint8Array(contents.buffer, contents.byteOffset, contents.length), usedBytes };
  return null;
}

/**
 * Gives the open file room for `more` bytes in one piece. MEMFS grows a file as writes pass
 * its end, each time into new storage (twice the size below 1 MiB, then an eighth more),
 * leaving the old storage to the collector: the 389 files of a 237 MB project left hundreds
 * of MB of it counted in the page until a collection came. Room never written costs no
 * memory (the system hands out zero pages only when touched).
 */
function reserve(path: string, more: number, given: Uint8Array | null): void {
  const found = memfsNode(path);
  // An empty file would not keep the room: MEMFS's first write replaces the storage.
  if (!found || found.usedBytes === 0 || found.contents.length >= found.usedBytes + more) return;
  const room = new Uint8Array(found.usedBytes + more);
  room.set(found.contents.subarray(0, found.usedBytes));
  found.node.contents = room;
  if (!sameStorage(found.contents, given)) releaseBytes(found.contents);
}

/**
 * The closed file's own bytes, not a copy of them (readFile copies): MEMFS keeps a file in a
 * JavaScript array of its own, not in the wasm heap, so it stays valid once the file is
 * unlinked. Trimmed to the file, so that whoever keeps them can free them whole.
 */
function ownBytes(path: string, given: Uint8Array | null): Uint8Array {
  const found = memfsNode(path);
  if (!found || sameStorage(found.contents, given)) return h5wasm().FS!.readFile(path);
  return trimBytes(found.contents, found.usedBytes);
}

/**
 * Whether MEMFS keeps the file in the caller's own buffer: it takes `slice()` of what it is
 * given, which on a Node Buffer is a view, not a copy. That buffer is never the file's to free.
 */
function sameStorage(contents: Uint8Array, given: Uint8Array | null): boolean {
  return given !== null && contents.buffer === given.buffer;
}

/** Opens the HDF5 file at `path` read-only for `read`, and closes it whatever happens. */
function readOpened<T>(path: string, read: (file: H5.File) => T): T {
  const file = new (h5wasm().File)(path, 'r');
  try {
    return read(file);
  } finally {
    file.close();
  }
}

/** Reads an HDF5 file's bytes with `read`; nothing is written back. */
export function readHdf5<T>(bytes: Uint8Array, read: (file: H5.File) => T): T {
  const fs = h5wasm().FS!;
  const path = `/entropy-migrate-${++scratch}.hdf5`;
  // Handed over, not copied (so not asked of the budget again): the file is opened read-only, so HDF5 never writes into `bytes`.
  fs.writeFile(path, bytes, { canOwn: true } as never);
  try {
    return readOpened(path, read);
  } finally {
    fs.unlink(path);
  }
}

/**
 * Whether readHdf5Unread works here: in a worker, where Emscripten's WORKERFS reads a Blob a
 * piece at a time (FileReaderSync), which h5wasm's build includes.
 */
export function readsUnread(): boolean {
  const fs = h5wasm().FS as unknown as { filesystems?: { WORKERFS?: unknown } };
  return typeof FileReaderSync !== 'undefined' && fs.filesystems?.WORKERFS !== undefined;
}

/**
 * Reads an HDF5 file that stays unread but for the pieces HDF5 asks for (its superblock,
 * object headers, B-trees): the layout check of a project's existing files needs their
 * groups, not their values, and reading each whole made the page's preview of a project with
 * 3 GB of them take 30 s. Only where readsUnread().
 */
export function readHdf5Unread<T>(file: Blob, read: (file: H5.File) => T): T {
  const fs = h5wasm().FS! as unknown as {
    filesystems: { WORKERFS: unknown };
    mkdir(path: string): void;
    mount(type: unknown, options: { blobs: { name: string; data: Blob }[] }, mountpoint: string): void;
    unmount(mountpoint: string): void;
    rmdir(path: string): void;
  };
  const dir = `/entropy-migrate-unread-${++scratch}`;
  fs.mkdir(dir);
  try {
    fs.mount(fs.filesystems.WORKERFS, { blobs: [{ name: 'file.hdf5', data: file }] }, dir);
    try {
      return readOpened(`${dir}/file.hdf5`, read);
    } finally {
      fs.unmount(dir);
    }
  } finally {
    fs.rmdir(dir);
  }
}

export type { File, Group, Dataset, Metadata } from 'h5wasm';

/**
 * The groups known to exist in a file being written, by absolute path: a whole-project run
 * asks for each row's `/<stage>/<label>`, and a results row and its metadata share one.
 * Groups are only ever created while a file is open here, never removed, so what was found or
 * made stays true until the file closes (and the File object with it).
 */
const knownGroups = new WeakMap<H5.File, Map<string, H5.Group>>();

/** h5py's `require_group` for an absolute path: creates each missing group on the way. */
export function requireGroup(file: H5.File, path: string): H5.Group {
  let known = knownGroups.get(file);
  if (!known) knownGroups.set(file, (known = new Map()));
  let group: H5.Group = file;
  let at = '';
  let madeEmpty = false;
  for (const part of path.split('/').filter((p) => p !== '')) {
    at += `/${part}`;
    const seen = known.get(at);
    if (seen) {
      group = seen;
      continue;
    }
    // One look-up per level (h5wasm's get() asks HDF5 for the object's type), and none in a
    // group made a moment ago: it is empty.
    const child = madeEmpty ? null : group.get(part);
    if (child === null) {
      group = createGroup(group, part);
      madeEmpty = true;
    } else if (child instanceof h5wasm().Group) group = child;
    else throw new Error(`"${group.path}/${part}" is not a group.`);
    known.set(at, group);
  }
  return group;
}

/**
 * h5wasm's Group.create_group without the look-up it makes afterwards to return the group
 * (HDF5 has just made it one): the same call into HDF5, with the same path text.
 */
function createGroup(parent: H5.Group, name: string): H5.Group {
  module().create_group(parent.file_id, `${parent.path}/${name}`, false);
  return new (h5wasm().Group)(parent.file_id, joinPath(parent, name));
}

export function joinPath(group: H5.Group, name: string): string {
  return group.path === '/' ? `/${name}` : `${group.path}/${name}`;
}

/** Scalar attributes and datasets share one type description per type: built once, not per row. */
const scalarMetadata = new WeakMap<H5.Metadata, object>();

/** HDF5 type metadata for a new dataset or attribute of `shape`. */
function writeMetadata(dtype: H5.Metadata, shape: readonly number[]): object {
  if (shape.length === 0) {
    const known = scalarMetadata.get(dtype);
    if (known) return known;
  }
  const dims = shape.map(BigInt);
  const metadata = { ...dtype, shape: dims, maxshape: dims, chunks: null, compression: 0, compression_opts: [], track_order: false };
  if (shape.length === 0) scalarMetadata.set(dtype, metadata);
  return metadata;
}

/** Copies `bytes` into the wasm heap for the duration of `use`. */
export function onHeap<T>(bytes: Uint8Array, use: (pointer: bigint) => T): T {
  const m = module();
  needBatched(bytes.byteLength, 'a value written into HDF5');
  const pointer = m._malloc(Math.max(bytes.byteLength, 1));
  if (pointer === 0) throw new Error(`Could not allocate ${bytes.byteLength} bytes for HDF5.`);
  try {
    m.HEAPU8.set(bytes, pointer);
    return use(BigInt(pointer));
  } finally {
    m._free(pointer);
  }
}

/**
 * A dataset from raw element bytes in the type's own layout (little-endian numbers, packed
 * compounds, fixed-length strings): h5wasm's high-level writer would re-encode them.
 */
export function createRawDataset(group: H5.Group, name: string, dtype: H5.Metadata, shape: readonly number[], bytes: Uint8Array): void {
  const m = module();
  onHeap(bytes, (pointer) => m.create_dataset(group.file_id, joinPath(group, name), pointer, writeMetadata(dtype, shape) as never));
}

/**
 * A variable-length string dataset holding exactly `items` (UTF-8 text or raw ASCII-tagged
 * bytes), scalar when `shape` is [].
 */
export function createVlenStringDataset(group: H5.Group, name: string, items: readonly Uint8Array[], cset: 'utf-8' | 'ascii', shape: readonly number[] = []): void {
  const m = module();
  const dtype = dtypeMetadata(cset === 'ascii' ? 'A' : 'S');
  // embind copies a Uint8Array into std::string as it is, where a JS string would be UTF-8 encoded.
  m.create_vlen_str_dataset(group.file_id, joinPath(group, name), items as never, writeMetadata(dtype, shape) as never);
}

export function createRawAttribute(target: H5.Group | H5.Dataset, name: string, dtype: H5.Metadata, shape: readonly number[], bytes: Uint8Array): void {
  const m = module();
  onHeap(bytes, (pointer) => m.create_attribute(target.file_id, target.path, name, pointer, writeMetadata(dtype, shape) as never));
}

export function createVlenStringAttribute(target: H5.Group | H5.Dataset, name: string, values: readonly (string | Uint8Array)[], shape: readonly number[], cset: 'utf-8' | 'ascii'): void {
  const m = module();
  const dtype = dtypeMetadata(cset === 'ascii' ? 'A' : 'S');
  m.create_vlen_str_attribute(target.file_id, target.path, name, values as never, writeMetadata(dtype, shape) as never);
}

/** Type descriptions by dtype, made once: shared, so never to be changed by a caller. */
const dtypes = new Map<string, H5.Metadata>();

export function dtypeMetadata(dtype: H5.Dtype): H5.Metadata {
  const key = typeof dtype === 'string' ? dtype : JSON.stringify(dtype);
  let metadata = dtypes.get(key);
  if (!metadata) dtypes.set(key, (metadata = Object.freeze(h5wasm().dtype_to_metadata(dtype))));
  return metadata;
}

export const H5T = {
  INTEGER: 0,
  FLOAT: 1,
  STRING: 3,
  OPAQUE: 5,
  COMPOUND: 6,
  ENUM: 8,
} as const;
