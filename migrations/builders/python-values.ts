/**
 * Row data as Entropy serializes it (`_encode_serialized_data`): pickles of Python values
 * (data_type Pickled) and numpy's .npy bytes (data_type Npy), for tests of the HDF5 move.
 */
import { descrOf, type Dtype } from '../hdf5/ndarray.ts';
import { pickleDumps, PyGlobalCall, type PyWritable } from '../hdf5/pickle-write.ts';

export { pickleDumps, PyComplex, PyDict, PyFloat, PySet, PyTuple, type PyWritable } from '../hdf5/pickle-write.ts';

/** `datetime.datetime(...)` as pickled by Python (a class Entropy's h5py cannot store). */
export function pyDatetime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): PyWritable {
  const state = new Uint8Array([year >> 8, year & 0xff, month, day, hour, minute, second, 0, 0, 0]);
  return new PyGlobalCall('datetime', 'datetime', [state]);
}

export const pickled = (value: PyWritable): { data: Uint8Array; dataType: 'Pickled' } => ({ data: pickleDumps(value), dataType: 'Pickled' });

/** numpy's `np.save` of an array: format 1.0, header padded to 64 bytes as numpy does. */
export function npyBytes(dtype: Dtype, shape: readonly number[], data: Uint8Array, fortranOrder = false): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descrOf(dtype)}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}

/** .npy bytes of a typed array (little-endian), in C order unless told otherwise. */
export function npyOf(values: Float64Array | Float32Array | Int8Array | Int32Array | BigInt64Array | Uint16Array | Uint8Array, shape: readonly number[], kind?: Dtype['kind']): { data: Uint8Array; dataType: 'Npy' } {
  const k = kind ?? (values instanceof Float64Array || values instanceof Float32Array ? 'f' : values instanceof Uint16Array || values instanceof Uint8Array ? 'u' : 'i');
  const dtype: Dtype = { kind: k, itemsize: values.BYTES_PER_ELEMENT, order: values.BYTES_PER_ELEMENT === 1 ? '|' : '<' };
  return { data: npyBytes(dtype, shape, new Uint8Array(values.buffer, values.byteOffset, values.byteLength)), dataType: 'Npy' };
}
