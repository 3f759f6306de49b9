/**
 * Reading HDF5 objects as bytes, below h5wasm's high-level classes: raw elements (numbers
 * little-endian, as h5wasm reads them), variable-length strings without decoding, attributes,
 * what a link is, and which object a path reaches (for hard links and their cycles).
 */
import { needBatched } from './small-asks.ts';
import { h5module, H5T, joinPath, type Dataset, type Group, type Metadata } from './h5.ts';

type Target = Group | Dataset;

/** A wasm heap buffer of `nbytes`, freed after `use`; an allocation failure is an exception, not a null pointer. */
export function withBuffer<T>(nbytes: number, use: (pointer: number) => T): T {
  const m = h5module();
  // Twice: the buffer in the wasm heap, and the copy a reader usually takes out of it.
  needBatched(2 * nbytes, 'a value read from HDF5');
  const pointer = m._malloc(Math.max(nbytes, 1));
  if (pointer === 0) throw new Error(`Cannot enlarge memory: ${nbytes} bytes for HDF5 could not be allocated`);
  try {
    return use(pointer);
  } finally {
    m._free(pointer);
  }
}

/** A dataset's elements as raw bytes (`metadata`: the dataset's, where the caller has it already). */
export function readRawDataset(dataset: Dataset, metadata: Metadata = dataset.metadata): Uint8Array {
  const m = h5module();
  const { size, total_size } = metadata;
  const nbytes = size * total_size;
  return withBuffer(nbytes, (pointer) => {
    m.get_dataset_data(dataset.file_id, dataset.path, null, null, null, BigInt(pointer));
    return m.HEAPU8.slice(pointer, pointer + nbytes);
  });
}

/**
 * Whether a dataset's elements are exactly `expected`, compared where HDF5 read them in the
 * wasm heap: a 500 MB value is not copied out again to be compared.
 */
export function datasetEquals(dataset: Dataset, metadata: Metadata, expected: Uint8Array): boolean {
  const m = h5module();
  const nbytes = metadata.size * metadata.total_size;
  if (nbytes !== expected.length) return false;
  needBatched(nbytes, 'a value read back from HDF5');
  const pointer = m._malloc(Math.max(nbytes, 1));
  if (pointer === 0) throw new Error(`Cannot enlarge memory: ${nbytes} bytes for HDF5 could not be allocated`);
  try {
    m.get_dataset_data(dataset.file_id, dataset.path, null, null, null, BigInt(pointer));
    return equalBytes(m.HEAPU8.subarray(pointer, pointer + nbytes), expected);
  } finally {
    m._free(pointer);
  }
}

export function readRawAttribute(target: Target, name: string): { metadata: Metadata; bytes: Uint8Array } {
  const m = h5module();
  const metadata = m.get_attribute_metadata(target.file_id, target.path, name);
  const nbytes = metadata.size * metadata.total_size;
  return withBuffer(nbytes, (pointer) => {
    m.get_attribute_data(target.file_id, target.path, name, BigInt(pointer));
    return { metadata, bytes: m.HEAPU8.slice(pointer, pointer + nbytes) };
  });
}

/**
 * Whether two byte arrays are equal: a word at a time where both are 4-byte aligned (a
 * closure per byte made the read-back of a whole project a second slower).
 */
export function equalBytes(a: Uint8Array | null | undefined, b: Uint8Array | null | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  let i = 0;
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const x = new Uint32Array(a.buffer, a.byteOffset, a.length >>> 2);
    const y = new Uint32Array(b.buffer, b.byteOffset, a.length >>> 2);
    for (; i < x.length; i++) if (x[i] !== y[i]) return false;
    i *= 4;
  }
  for (; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The NUL-terminated items a read of variable-length strings left at `pointer` (32-bit pointers). */
function vlenItems(pointer: number, count: number): Uint8Array[] {
  const heap = h5module().HEAPU8;
  const pointers = new Uint32Array(heap.buffer, pointer, count);
  const items: Uint8Array[] = [];
  for (const p of pointers) items.push(p === 0 ? new Uint8Array(0) : heap.slice(p, heap.indexOf(0, p)));
  return items;
}

/**
 * Frees the strings a read of variable-length strings allocated: HDF5 allocates each with the
 * C library's malloc (H5MM, no custom allocator set), so free() is what H5Treclaim would do,
 * without opening the dataset again by its path (a third of the read's cost).
 */
function freeVlenItems(pointer: number, count: number): void {
  const m = h5module();
  const pointers = new Uint32Array(m.HEAPU8.buffer, pointer, count).slice();
  for (const p of pointers) if (p !== 0) m._free(p);
}

/** A variable-length string dataset's items as raw bytes (no decoding). */
export function readVlenStringBytes(dataset: Dataset, metadata: Metadata = dataset.metadata): Uint8Array[] {
  const m = h5module();
  const { total_size } = metadata;
  return withBuffer(4 * total_size, (pointer) => {
    m.get_dataset_data(dataset.file_id, dataset.path, null, null, null, BigInt(pointer));
    const items = vlenItems(pointer, total_size);
    freeVlenItems(pointer, total_size);
    return items;
  });
}

/**
 * Whether a variable-length string dataset holds exactly `expected` (items without a NUL),
 * compared where HDF5 left them in the wasm heap: no item is copied out, nor searched for its
 * end beyond the length expected.
 */
export function vlenStringsEqual(dataset: Dataset, metadata: Metadata, expected: readonly Uint8Array[]): boolean {
  const m = h5module();
  const { total_size } = metadata;
  if (total_size !== expected.length) return false;
  return withBuffer(4 * total_size, (pointer) => {
    m.get_dataset_data(dataset.file_id, dataset.path, null, null, null, BigInt(pointer));
    const heap = m.HEAPU8;
    const pointers = new Uint32Array(heap.buffer, pointer, total_size);
    let equal = true;
    for (let i = 0; i < total_size && equal; i++) {
      const p = pointers[i]!;
      const want = expected[i]!;
      equal = p === 0 ? want.length === 0 : heap[p + want.length] === 0 && equalBytes(heap.subarray(p, p + want.length), want);
    }
    freeVlenItems(pointer, total_size);
    return equal;
  });
}

export interface AttributeBytes {
  readonly metadata: Metadata;
  /** Raw elements, or the items of a variable-length string attribute. */
  readonly bytes: Uint8Array | null;
  readonly items: readonly Uint8Array[] | null;
}

/** One attribute as bytes: variable-length strings item by item, anything else raw. */
export function readAttribute(target: Target, name: string): AttributeBytes {
  const m = h5module();
  const metadata = m.get_attribute_metadata(target.file_id, target.path, name);
  if (metadata.type === H5T.STRING && metadata.vlen) {
    const items = withBuffer(4 * metadata.total_size, (pointer) => {
      m.get_attribute_data(target.file_id, target.path, name, BigInt(pointer));
      const read = vlenItems(pointer, metadata.total_size);
      freeVlenItems(pointer, metadata.total_size);
      return read;
    });
    return { metadata, bytes: null, items };
  }
  const nbytes = metadata.size * metadata.total_size;
  const bytes = withBuffer(nbytes, (pointer) => {
    m.get_attribute_data(target.file_id, target.path, name, BigInt(pointer));
    return m.HEAPU8.slice(pointer, pointer + nbytes);
  });
  return { metadata, bytes, items: null };
}

export function attributeNames(target: Target): string[] {
  return h5module().get_attribute_names(target.file_id, target.path);
}

/** Whether `group` has a link named `name` (a link to nothing counts: HDF5 holds it). */
function hasMember(group: Group, name: string): boolean {
  try {
    return h5module().get_type(group.file_id, joinPath(group, name)) !== -1;
  } catch {
    // HDF5 followed the link and failed (a loop of soft links): the link is there.
    return true;
  }
}

/**
 * The names of a group's members as HDF5 holds them. h5wasm hands names over through
 * Emscripten's UTF8ToString, whose TextDecoder drops a leading U+FEFF from a name longer than
 * 16 bytes: the name listed is then not there, or is another member's. Where a listed name is
 * missing or listed twice, and the same name with U+FEFF in front is there, that is the
 * member (h5py lists it whole, and Entropy's upgrade copies it).
 */
export function memberNames(group: Group): string[] {
  const taken = new Set<string>();
  return group.keys().map((listed) => {
    let name = listed;
    // The marked name first: for every other name it is a miss that follows no link.
    while (hasMember(group, `\ufeff${name}`) && (taken.has(name) || !hasMember(group, name))) name = `\ufeff${name}`;
    taken.add(name);
    return name;
  });
}

/** What a name in a group is as a link: soft (its target path), external, or hard (null). */
export type LinkKind = { readonly kind: 'soft'; readonly target: string } | { readonly kind: 'external'; readonly file: string; readonly path: string } | null;

export function linkAt(group: Group, name: string): LinkKind {
  const m = h5module();
  const path = group.path === '/' ? `/${name}` : `${group.path}/${name}`;
  const soft = m.get_symbolic_link(group.file_id, path);
  if (typeof soft === 'string') return { kind: 'soft', target: soft };
  const external = m.get_external_link(group.file_id, path) as { filename?: string; obj_path?: string };
  if (typeof external?.filename === 'string') return { kind: 'external', file: external.filename, path: external.obj_path ?? '' };
  return null;
}

/**
 * Which object `path` reaches, as text: HDF5's object reference, i.e. the object's address in
 * its file. Two hard links to one object give the same text; a group that holds a link to
 * itself or to a group above it is met again under the same text, which ends a walk there.
 */
export function objectIdentity(target: Target): string {
  const ref = h5module().create_object_reference(target.file_id, target.path);
  return Array.from(ref, (b) => b.toString(16).padStart(2, '0')).join('');
}
