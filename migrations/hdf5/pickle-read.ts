/**
 * Reads Entropy's pickled rows (unpickler.ts) into Python values that keep what h5py looks
 * at: int vs float, tuples and lists (both arrays, as for numpy), dicts, sets, complex, numpy
 * scalars and arrays (numpy-pickle.ts), pandas DataFrames (pandas-pickle.ts), and any other
 * object as an opaque instance. What numpy or pandas refuse to unpickle is refused here with
 * their words (a PickleError), as Entropy's upgrade stops on it.
 */
import { NumpyArray, NumpyDtype, NumpyScalar } from './numpy-pickle.ts';
import { indexLength, PandasBlockManager, PandasFrame, PandasIndex, PySlice, unpickleBlock } from './pandas-pickle.ts';
import { OpaqueGlobal, PickleError, PyByteArray, PyFloat, PyLong, type PyCallable } from './python-objects.ts';
import { unpickle } from './unpickler.ts';

export { NumpyArray, NumpyDtype, NumpyScalar } from './numpy-pickle.ts';
export { PandasBlockManager, PandasFrame, PandasIndex, PySlice, type PandasBlock } from './pandas-pickle.ts';
export { OpaqueObject, PickleError, PyByteArray, PyFloat, PyLong } from './python-objects.ts';

export class PyComplex {
  constructor(
    readonly real: number,
    readonly imag: number,
  ) {}
}

/** A Python value as read: numbers are ints (number or PyLong) unless PyFloat. */
export type PyValue = unknown;

const fn = (call: (...args: any[]) => unknown): PyCallable => ({ call: (args) => call(...args) });

function num(v: unknown): number {
  if (v instanceof PyFloat) return v.value;
  if (v instanceof PyLong) return Number(v.value);
  return typeof v === 'number' || typeof v === 'boolean' ? Number(v) : NaN;
}

const items = (v: unknown): unknown[] => (Array.isArray(v) ? v : v instanceof Set ? [...v] : v instanceof Map ? [...v.keys()] : []);

/** _codecs.encode(str, 'latin1'): how protocol 2 pickles bytes (numpy's data among them). */
function latin1Bytes(text: unknown): Uint8Array {
  if (typeof text !== 'string') throw new PickleError('_codecs.encode of something that is not a str');
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) throw new PickleError("'latin-1' codec can't encode a character of the pickle");
    out[i] = c;
  }
  return out;
}

/** numpy's _frombuffer(buffer, dtype, shape, order) (protocol 5's arrays): frombuffer, then reshape. */
function fromBuffer(buffer: unknown, dtype: unknown, shape: unknown, order: unknown): NumpyArray {
  const array = new NumpyArray();
  const bytes = buffer instanceof PyByteArray ? buffer.bytes : buffer;
  array.__setstate__([1, shape, dtype, order === 'F', bytes]);
  return array;
}

/** Every name this reader gives meaning to; anything else becomes an opaque instance. */
const KNOWN = new Map<string, PyCallable>([
  ['builtins.complex', fn((re, im) => new PyComplex(num(re), num(im ?? 0)))],
  ['builtins.bytearray', fn((b) => new PyByteArray(b instanceof Uint8Array ? b : new Uint8Array()))],
  ['builtins.slice', fn((a, b, c) => (c === undefined && b === undefined ? new PySlice(null, a, null) : new PySlice(a, b, c ?? null)))],
  ['builtins.set', fn((v) => new Set(items(v)))],
  ['builtins.frozenset', fn((v) => new Set(items(v)))],
  ['_codecs.encode', fn(latin1Bytes)],
  ['numpy.dtype', fn((spec) => new NumpyDtype(String(spec)))],
  ['numpy.ndarray', fn(() => null)],
  ['pandas.core.frame.DataFrame', fn(() => new PandasFrame())],
  ['pandas.core.internals.managers.BlockManager', fn((blocks, axes) => (blocks === undefined ? new PandasBlockManager() : PandasBlockManager.fromReduce(blocks, axes)))],
  ['pandas._libs.internals._unpickle_block', fn((values, locs) => unpickleBlock(values, locs))],
  ['pandas.core.indexes.base._new_Index', fn((_cls, d) => new PandasIndex(indexLength(d)))],
]);
for (const core of ['numpy.core', 'numpy._core']) {
  KNOWN.set(`${core}.multiarray._reconstruct`, fn(() => new NumpyArray()));
  KNOWN.set(`${core}.multiarray.scalar`, fn((dtype, raw) => (dtype instanceof NumpyDtype ? new NumpyScalar(dtype, raw) : null)));
  KNOWN.set(`${core}.numeric._frombuffer`, fn(fromBuffer));
}

/** copyreg._reconstructor(cls, base, state): object.__new__(cls), which NEWOBJ would make. */
const reconstructor: PyCallable = fn((cls) => {
  const c = cls as PyCallable | null;
  return c && typeof c.call === 'function' ? (c.create ? c.create([]) : c.call([])) : null;
});

function findGlobal(module: string, name: string): PyCallable {
  if (module === 'copyreg' && name === '_reconstructor') return reconstructor;
  return KNOWN.get(`${module}.${name}`) ?? new OpaqueGlobal(module, name);
}

/** pickle.loads(bytes); throws PickleError where Python, numpy or pandas would raise. */
export function pickleLoads(bytes: Uint8Array): PyValue {
  return unpickle(bytes, findGlobal);
}
