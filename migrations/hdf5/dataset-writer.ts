/**
 * Writes one value where Entropy's `_create_dataset` would, so that Entropy's `_data_from`
 * reads back the same type and value. h5wasm writes the HDF5 types h5py uses for integers,
 * floats, complex numbers (h5py's {r, i} compound) and strings. For the types h5wasm cannot
 * create (h5py's bool enum, float16, big-endian numbers, and the opaque type of Entropy's own
 * pickle fallback) the dataset holds a pickle, as uint8 bytes with Entropy's `data_type`
 * attribute Pickled: Entropy's reader then returns `pickle.loads(those bytes)`, the very
 * object h5py would have given.
 */
import { createRawAttribute, createRawDataset, createVlenStringDataset, dtypeMetadata, h5wasm, joinPath, type Group } from './h5.ts';
import { toLittleEndian, type NdArray } from './ndarray.ts';
import { NdArrayValue, NumpyScalar, pickleDumps } from './pickle-write.ts';
import { type Storage } from './h5py-storage.ts';
import { textBytes } from './storage-kinds.ts';

/** Entropy's ResultDataType values, as its `data_type` attribute holds them (int16). */
export const DATA_TYPE = { Pickled: 1, String: 2, Npy: 3 } as const;

export interface Written {
  /** How the value is held: as h5py would hold it, or as a pickle Entropy unpickles. */
  readonly as: 'native' | 'pickle';
}

/** h5wasm can write this array in the HDF5 type h5py would choose. */
export function nativelyWritable(a: NdArray): boolean {
  const { kind, itemsize, order } = a.dtype;
  if (order === '>') return false;
  if (kind === 'i' || kind === 'u') return [1, 2, 4, 8].includes(itemsize);
  if (kind === 'f') return itemsize === 4 || itemsize === 8;
  if (kind === 'c') return itemsize === 8 || itemsize === 16;
  if (kind === 'S') return itemsize > 0 && !hasInteriorNul(a);
  return false;
}

/** h5py reads fixed-length strings up to their first NUL; numpy keeps NULs before other bytes. */
function hasInteriorNul(a: NdArray): boolean {
  const size = a.dtype.itemsize;
  for (let i = 0; i < a.data.length; i += size) {
    const item = a.data.subarray(i, i + size);
    const firstNul = item.indexOf(0);
    if (firstNul >= 0 && item.subarray(firstNul).some((b) => b !== 0)) return true;
  }
  return false;
}

export function arrayDtype(a: NdArray) {
  const { kind, itemsize } = a.dtype;
  if (kind === 'c') {
    const part = itemsize === 16 ? '<d' : '<f';
    return dtypeMetadata([['r', part], ['i', part]]);
  }
  if (kind === 'S') return dtypeMetadata(`A${itemsize}`);
  const letter = kind === 'f' ? (itemsize === 8 ? 'd' : 'f') : { 1: 'b', 2: 'h', 4: 'i', 8: 'q' }[itemsize]!;
  return dtypeMetadata(`<${kind === 'u' ? letter.toUpperCase() : letter}`);
}

/** What h5py returns from `dset[()]` for this array: a numpy scalar for shape (), else the array. */
export function numpyValueOf(a: NdArray): NumpyScalar | NdArrayValue {
  // numpy scalars are always in native (little-endian) order
  return a.shape.length === 0 ? new NumpyScalar(toLittleEndian(a).dtype, toLittleEndian(a).data) : new NdArrayValue(a);
}

export function writePickled(group: Group, name: string, pickle: Uint8Array): void {
  createRawDataset(group, name, dtypeMetadata('<B'), [pickle.length], pickle);
  // The dataset just made, named rather than looked up: a look-up asks HDF5 for its type.
  const dataset = new (h5wasm().Dataset)(group.file_id, joinPath(group, name));
  createRawAttribute(dataset, 'data_type', dtypeMetadata('<h'), [], new Uint8Array(new Int16Array([DATA_TYPE.Pickled]).buffer));
}

/**
 * Writes `storage` as dataset `name` of `group`. `originalPickle` gives the pickle Entropy
 * falls back to (the row's own pickle for Pickled rows).
 */
export function writeStorage(group: Group, name: string, storage: Storage, originalPickle: () => Uint8Array): Written {
  if (heldAsOriginalPickle(storage)) {
    writePickled(group, name, originalPickle());
    return { as: 'pickle' };
  }
  switch (storage.kind) {
    case 'text':
      createVlenStringDataset(group, name, [textBytes(storage)], 'utf-8');
      return { as: 'native' };
    case 'bytes':
      createVlenStringDataset(group, name, [storage.bytes], 'ascii');
      return { as: 'native' };
    case 'strings':
      createVlenStringDataset(group, name, storage.items, storage.cset, storage.shape);
      return { as: 'native' };
    case 'array':
      if (nativelyWritable(storage.array)) {
        createRawDataset(group, name, arrayDtype(storage.array), storage.array.shape, storage.array.data);
        return { as: 'native' };
      }
      writePickled(group, name, pickleDumps(numpyValueOf(storage.array)));
      return { as: 'pickle' };
    case 'original':
      throw new Error('unreachable: held as the original pickle');
  }
}

/** Text, bytes or strings holding a NUL (h5py: "VLEN strings do not support embedded NULLs"). */
export function hasNul(storage: Storage): boolean {
  return (
    (storage.kind === 'text' && storage.text.includes('\0')) ||
    (storage.kind === 'bytes' && storage.bytes.includes(0)) ||
    (storage.kind === 'strings' && storage.items.some((b) => b.includes(0)))
  );
}

/** Whether the row's own pickle is what Entropy stores: a value h5py refuses, or text with a NUL. */
export function heldAsOriginalPickle(storage: Storage): boolean {
  return storage.kind === 'original' || hasNul(storage);
}
