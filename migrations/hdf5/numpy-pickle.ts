/**
 * numpy's pickled dtypes, scalars and arrays, with numpy's own checks: what numpy refuses to
 * unpickle (a shape that needs more or fewer bytes than the pickle holds, a negative
 * dimension, a scalar with too few bytes) is refused here too, with numpy's words, so that no
 * array ever claims more elements than its bytes hold. Entropy's upgrade stops on such a
 * pickle (pickle.loads raises).
 */
import { PickleError, PyLong } from './python-objects.ts';
import { parseDescr, type Dtype, fortranToC, type NdArray } from './ndarray.ts';

/** numpy's NPY_MAXDIMS (numpy 1.x, which Entropy 0.15.9 runs on). */
export const MAX_DIMS = 32;

export class NumpyDtype {
  dtype: Dtype | null = null;
  constructor(readonly spec: string) {
    this.dtype = dtypeOf(spec, null, null);
  }
  /** (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata]) */
  __setstate__(state: unknown): void {
    const s = Array.isArray(state) ? state : [];
    this.dtype = dtypeOf(this.spec, typeof s[1] === 'string' ? s[1] : null, typeof s[5] === 'number' ? s[5] : null);
  }
}

/** The dtype a spec ('f8', 'S5') and its state's byte order and element size make; null for one not carried (object, void, datetime...). */
function dtypeOf(spec: string, order: string | null, elsize: number | null): Dtype | null {
  const m = /^([<>|=]?)([a-zA-Z]\d+)$/.exec(spec);
  if (!m) return null;
  const byteOrder = order === '<' || order === '>' ? order : order === null && (m[1] === '<' || m[1] === '>') ? m[1] : '<';
  let dtype: Dtype;
  try {
    dtype = parseDescr(`${byteOrder}${m[2]}`);
  } catch {
    return null;
  }
  // For flexible types numpy takes the element size from the state ('S5' pickled with 7 is S7).
  if ((dtype.kind === 'S' || dtype.kind === 'U') && elsize !== null && elsize >= 0) {
    if (dtype.kind === 'U' && elsize % 4 !== 0) return null;
    dtype = { ...dtype, itemsize: elsize };
  }
  return dtype.itemsize > 0 ? dtype : null; // 'S0': h5py has no type for it
}

/** numpy.core.multiarray.scalar(dtype, raw): numpy takes the first itemsize bytes and refuses fewer. */
export class NumpyScalar {
  readonly raw: Uint8Array | null;
  constructor(
    readonly dtype: NumpyDtype,
    raw: unknown,
  ) {
    const size = dtype.dtype?.itemsize;
    // an object scalar is the object itself (numpy), and other dtypes not carried stay as they are
    const bytes = size === undefined ? null : rawBytes(raw, 'initializing object must be a bytes object');
    if (bytes !== null && size !== undefined && bytes.length < size) throw new PickleError('numpy refuses the pickle: initialization string is too small');
    this.raw = bytes === null ? null : bytes.subarray(0, size);
  }
}

/** bytes, or a str numpy encodes as latin-1 (protocol 2's numpy pickles); null when neither. */
function rawBytes(raw: unknown, refusal: string): Uint8Array | null {
  if (raw instanceof Uint8Array) return raw;
  if (typeof raw === 'string') {
    const out = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (c > 0xff) throw new PickleError("numpy refuses the pickle: 'latin-1' codec can't encode the array's data");
      out[i] = c;
    }
    return out;
  }
  if (raw === null || raw === undefined || Array.isArray(raw)) return null;
  throw new PickleError(`numpy refuses the pickle: ${refusal}`);
}

/** A Python int as numpy reads a dimension; anything else is refused as numpy refuses it. */
function dimension(v: unknown): bigint {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (v instanceof PyLong) return v.value;
  throw new PickleError('numpy refuses the pickle: a dimension of its shape is not an integer');
}

/** numpy.core.multiarray._reconstruct(...) and then ndarray.__setstate__ (numpy's array_setstate). */
export class NumpyArray {
  /** The array, when its dtype is one carried into HDF5; null otherwise. */
  array: NdArray | null = null;
  /** The dtype's spec when it is not carried (object, unicode of odd size...). */
  unsupported = '';
  /** The shape, also for arrays whose dtype is not carried. */
  shape: readonly number[] = [];

  __setstate__(state: unknown): void {
    const s = Array.isArray(state) ? state : [];
    // numpy takes (version, shape, dtype, is_fortran, rawdata) and the older 4-tuple without version.
    const [shape, dtype, fortran, raw] = (s.length === 5 ? s.slice(1) : s) as [unknown, unknown, unknown, unknown];
    if (!Array.isArray(shape) || s.length < 4 || s.length > 5) throw new PickleError('numpy refuses the pickle: its array state is not (version, shape, dtype, is_fortran, data)');
    if (!(dtype instanceof NumpyDtype)) throw new PickleError('numpy refuses the pickle: its array state has no dtype');
    if (shape.length > MAX_DIMS) throw new PickleError(`numpy refuses the pickle: its array has ${shape.length} dimensions, more than numpy's ${MAX_DIMS}`);
    const dims = shape.map(dimension);
    if (dims.some((d) => d < 0n)) throw new PickleError('numpy refuses the pickle: impossible dimension while unpickling array');
    const count = dims.reduce((a, b) => a * b, 1n);
    this.shape = dims.map(Number);
    if (dtype.dtype === null) {
      this.unsupported = dtype.spec;
      return;
    }
    const bytes = rawBytes(raw, 'pickle not returning string');
    if (bytes === null) throw new PickleError('numpy refuses the pickle: pickle not returning string');
    // numpy's rule (array_setstate): the data must be exactly shape x itemsize bytes.
    const needed = count * BigInt(dtype.dtype.itemsize);
    if (BigInt(bytes.length) !== needed) {
      throw new PickleError(`numpy refuses the pickle: buffer size does not match array size (its shape (${dims.join(', ')}) needs ${needed} bytes, it holds ${bytes.length})`);
    }
    // a Fortran-ordered array's pickle holds its elements in Fortran order
    const data = fortran === true || (typeof fortran === 'number' && fortran !== 0) ? fortranToC(bytes, this.shape, dtype.dtype.itemsize) : bytes;
    this.array = { dtype: dtype.dtype, shape: this.shape, data };
  }
}
