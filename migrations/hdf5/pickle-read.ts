/**
 * Reads Entropy's pickled rows with pickleparser into Python values that keep what h5py
 * looks at: int vs float, tuples and lists (both arrays, as for numpy), dicts, sets, complex,
 * numpy scalars and arrays, pandas DataFrames, and any other object as an opaque instance.
 *
 * pickleparser pushes every float and every small int as a JS number, and reads LONG1/LONG4
 * (ints beyond 32 bits) as unsigned and imprecise. Its parser takes the byte reader as an
 * argument and asks it for each opcode right after `hasNext()`, so the reader below tags
 * floats and reads longs itself: it answers BINFLOAT's `float64()` with a PyFloat, and turns a
 * LONG1/LONG4 opcode into BINFLOAT whose `float64()` answer is the exact bigint.
 */
import { BufferReader, NameRegistry, Parser } from 'pickleparser';
import { fortranToC, parseDescr, type Dtype, type NdArray } from './ndarray.ts';

export class PyFloat {
  constructor(readonly value: number) {}
}
export class PyLong {
  constructor(readonly value: bigint) {}
}
export class PyComplex {
  constructor(readonly real: number, readonly imag: number) {}
}
export class PyByteArray {
  constructor(readonly bytes: Uint8Array) {}
}
export class NumpyDtype {
  dtype: Dtype | null = null;
  constructor(readonly spec: string) {}
  __setstate__(state: unknown[]): void {
    const order = typeof state[1] === 'string' ? state[1] : '|';
    const spec = this.spec;
    try {
      this.dtype = parseDescr(`${order}${spec}`);
    } catch {
      this.dtype = null; // object, void, datetime...: not carried as an array
    }
  }
}
export class NumpyScalar {
  constructor(readonly dtype: NumpyDtype, readonly raw: Uint8Array | null) {}
}
export class NumpyArray {
  array: NdArray | null = null;
  unsupported = '';
  __setstate__(state: unknown[]): void {
    const [, shape, dtype, fortran, raw] = state as [unknown, number[], NumpyDtype, boolean, unknown];
    if (!(dtype instanceof NumpyDtype) || dtype.dtype === null || !(raw instanceof Uint8Array)) {
      this.unsupported = dtype instanceof NumpyDtype ? dtype.spec : 'unknown';
      return;
    }
    // a Fortran-ordered array's pickle holds its elements in Fortran order
    const data = fortran ? fortranToC(raw, shape, dtype.dtype.itemsize) : raw.slice();
    this.array = { dtype: dtype.dtype, shape: shape.map(Number), data };
  }
}
/** pandas' DataFrame: what np.asarray() needs of it, its blocks and their column positions. */
export class PandasFrame {
  manager: PandasBlockManager | null = null;
  __setstate__(state: unknown): void {
    const mgr = state instanceof Map ? state.get('_mgr') : undefined;
    if (mgr instanceof PandasBlockManager) this.manager = mgr;
  }
}
export interface PandasBlock {
  readonly values: unknown;
  readonly locs: readonly number[] | null;
}
export class PandasBlockManager {
  blocks: PandasBlock[] = [];
  columns = 0;
  /** pandas >= 1.4: BlockManager(blocks, axes) with blocks from _unpickle_block. */
  static fromReduce(blocks: unknown[], axes: unknown[]): PandasBlockManager {
    const m = new PandasBlockManager();
    m.blocks = blocks.filter((b): b is PandasBlock => typeof b === 'object' && b !== null && 'values' in b);
    m.columns = axisLength(axes[0]);
    return m;
  }
  /** pandas < 1.4: NEWOBJ + BUILD with (axes, values, items, {'0.14.1': {axes, blocks}}). */
  __setstate__(state: unknown[]): void {
    const extra = state[3];
    const current = extra instanceof Map ? extra.get('0.14.1') : undefined;
    if (!(current instanceof Map)) return;
    const blocks = current.get('blocks');
    const axes = current.get('axes');
    this.columns = Array.isArray(axes) ? axisLength(axes[0]) : 0;
    this.blocks = Array.isArray(blocks)
      ? blocks.map((b: Map<string, unknown>) => ({ values: b.get('values'), locs: locsOf(b.get('mgr_locs')) }))
      : [];
  }
}
export class PySlice {
  constructor(readonly start: unknown, readonly stop: unknown, readonly step: unknown) {}
}
/** pandas Index objects: only their length matters here. */
export class PandasIndex {
  constructor(readonly length: number) {}
}

function axisLength(axis: unknown): number {
  return axis instanceof PandasIndex ? axis.length : 0;
}

function locsOf(locs: unknown): number[] | null {
  if (locs instanceof PySlice) {
    const start = Number(locs.start ?? 0);
    const stop = Number(locs.stop);
    const step = Number(locs.step ?? 1);
    const out: number[] = [];
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
    return out;
  }
  if (locs instanceof NumpyArray && locs.array && (locs.array.dtype.kind === 'i' || locs.array.dtype.kind === 'u')) {
    const { data, dtype } = locs.array;
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const out: number[] = [];
    for (let i = 0; i < data.length; i += dtype.itemsize) out.push(dtype.itemsize === 8 ? Number(view.getBigInt64(i, true)) : view.getInt32(i, true));
    return out;
  }
  return null;
}


/** Every name this reader gives meaning to; anything else becomes an opaque instance. */
function registry(): NameRegistry {
  const r = new NameRegistry();
  const both = <T>(make: (...args: any[]) => T) =>
    function (this: unknown, ...args: any[]) {
      return make(...args);
    } as unknown as new (...args: any[]) => T;
  r.register('builtins', 'complex', both((re: unknown, im: unknown) => new PyComplex(num(re), num(im ?? 0))));
  r.register('builtins', 'bytearray', both((b?: unknown) => new PyByteArray(b instanceof Uint8Array ? b : new Uint8Array())));
  r.register('builtins', 'slice', both((a: unknown, b: unknown, c: unknown) => new PySlice(a, b, c)));
  r.register('builtins', 'set', both((items?: unknown) => new Set(Array.isArray(items) ? items : [])));
  r.register('builtins', 'frozenset', both((items?: unknown) => new Set(Array.isArray(items) ? items : [])));
  for (const mod of ['numpy', 'numpy.core.multiarray', 'numpy._core.multiarray']) {
    if (mod === 'numpy') r.register(mod, 'dtype', both((spec: unknown) => new NumpyDtype(String(spec))));
    else {
      r.register(mod, '_reconstruct', both(() => new NumpyArray()));
      r.register(mod, 'scalar', both((d: NumpyDtype, raw: unknown) => new NumpyScalar(d, raw instanceof Uint8Array ? raw : null)));
    }
  }
  r.register('numpy', 'ndarray', both(() => null));
  r.register('pandas.core.frame', 'DataFrame', both(() => new PandasFrame()));
  r.register('pandas.core.internals.managers', 'BlockManager', both((blocks?: unknown, axes?: unknown) =>
    Array.isArray(blocks) && Array.isArray(axes) ? PandasBlockManager.fromReduce(blocks, axes) : new PandasBlockManager()));
  r.register('pandas._libs.internals', '_unpickle_block', both((values: unknown, locs: unknown) => ({ values, locs: locsOf(locs) })));
  r.register('pandas.core.indexes.base', '_new_Index', both((_cls: unknown, d: unknown) => new PandasIndex(indexLength(d))));
  return r;
}

function indexLength(d: unknown): number {
  if (!(d instanceof Map)) return 0;
  const data = d.get('data');
  if (data instanceof NumpyArray && data.array) return data.array.shape[0] ?? 0;
  if (Array.isArray(data)) return data.length;
  if (typeof d.get('stop') === 'number') {
    const start = Number(d.get('start') ?? 0);
    const step = Number(d.get('step') ?? 1);
    return Math.max(0, Math.ceil((Number(d.get('stop')) - start) / step));
  }
  return 0;
}

function num(v: unknown): number {
  if (v instanceof PyFloat) return v.value;
  if (v instanceof PyLong) return Number(v.value);
  return Number(v);
}

const BINFLOAT = 71;
const LONG1 = 138;
const LONG4 = 139;

class TaggingReader extends BufferReader {
  private opcodeNext = false;
  private long: bigint | null = null;

  override hasNext(): boolean {
    const more = super.hasNext();
    this.opcodeNext = more;
    return more;
  }

  override byte(): number {
    const b = super.byte();
    if (!this.opcodeNext) return b;
    this.opcodeNext = false;
    if (b === LONG1 || b === LONG4) {
      const length = b === LONG1 ? super.byte() : super.uint32();
      this.long = signedLittleEndian(super.bytes(length));
      return BINFLOAT;
    }
    return b;
  }

  override float64(): number {
    if (this.long !== null) {
      const value = this.long;
      this.long = null;
      return new PyLong(value) as unknown as number;
    }
    return new PyFloat(super.float64()) as unknown as number;
  }
}

function signedLittleEndian(bytes: ArrayLike<number>): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  if (bytes.length > 0 && (bytes[bytes.length - 1]! & 0x80) !== 0) v -= 1n << BigInt(8 * bytes.length);
  return v;
}

/** A Python value as read: numbers are ints (number or PyLong) unless PyFloat. */
export type PyValue = unknown;

export function pickleLoads(bytes: Uint8Array): PyValue {
  const parser = new Parser({ nameResolver: registry(), unpicklingTypeOfDictionary: 'Map', unpicklingTypeOfSet: 'Set' });
  return parser.read(new TaggingReader(bytes));
}
