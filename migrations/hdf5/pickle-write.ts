/**
 * A small pickle (protocol 3) writer for the values the migration must hand to Entropy as
 * pickles: numpy scalars and arrays (what h5py would have returned, where h5wasm cannot write
 * the HDF5 type h5py uses), and, for the test builders, basic Python values. No memo: every
 * value is written out in full, which pickle allows.
 */
import { descrOf, type NdArray, type Dtype } from './ndarray.ts';

/** A Python value to write. Plain JS numbers are Python ints when integral; use PyFloat to force a float. */
export type PyWritable =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyFloat
  | PyComplex
  | PyTuple
  | PyDict
  | PySet
  | readonly PyWritable[]
  | NumpyScalar
  | NdArrayValue
  | PyGlobalCall;

export class PyFloat {
  constructor(readonly value: number) {}
}
export class PyComplex {
  constructor(readonly real: number, readonly imag: number) {}
}
export class PyTuple {
  constructor(readonly items: readonly PyWritable[]) {}
}
export class PyDict {
  constructor(readonly entries: readonly (readonly [PyWritable, PyWritable])[]) {}
}
export class PySet {
  constructor(readonly items: readonly PyWritable[]) {}
}
/** A numpy scalar (numpy.float64(2.5), numpy.bool_(True), ...) from one element's raw bytes. */
export class NumpyScalar {
  constructor(readonly dtype: Dtype, readonly raw: Uint8Array) {}
}
export class NdArrayValue {
  constructor(readonly array: NdArray) {}
}
/** `module.name(*args)`: datetime.datetime(...), and other objects the builders need. */
export class PyGlobalCall {
  constructor(readonly module: string, readonly name: string, readonly args: readonly PyWritable[]) {}
}

const encoder = new TextEncoder();

class PickleWriter {
  private chunks: number[] = [];

  byte(...values: number[]): void {
    for (const v of values) this.chunks.push(v);
  }

  bytes(values: Uint8Array): void {
    for (const v of values) this.chunks.push(v);
  }

  uint32(value: number): void {
    this.byte(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
  }

  global(module: string, name: string): void {
    this.byte(0x63); // GLOBAL
    this.bytes(encoder.encode(`${module}\n${name}\n`));
  }

  tuple(items: readonly PyWritable[]): void {
    this.byte(0x28); // MARK
    for (const item of items) this.value(item);
    this.byte(0x74); // TUPLE
  }

  int(value: bigint): void {
    if (value >= -(2n ** 31n) && value < 2n ** 31n) {
      this.byte(0x4a); // BININT
      this.uint32(Number(BigInt.asUintN(32, value)));
      return;
    }
    // LONG1: little-endian two's complement, as short as it can be
    const out: number[] = [];
    let v = value;
    for (;;) {
      const b = Number(BigInt.asUintN(8, v));
      out.push(b);
      v >>= 8n;
      if ((v === 0n && (b & 0x80) === 0) || (v === -1n && (b & 0x80) !== 0)) break;
    }
    this.byte(0x8a, out.length, ...out);
  }

  float(value: number): void {
    this.byte(0x47); // BINFLOAT, big-endian
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value, false);
    this.bytes(new Uint8Array(view.buffer));
  }

  dtype(dtype: Dtype): void {
    this.global('numpy', 'dtype');
    const flexible = dtype.kind === 'S' || dtype.kind === 'U';
    // numpy's own pickle of a big-endian dtype ('i4' + state '>') loads as native order in
    // numpy 1.24; naming the order in the argument ('>i4') keeps it.
    const arg = (dtype.order === '>' ? '>' : '') + (dtype.kind === 'U' ? `U${dtype.itemsize / 4}` : `${dtype.kind}${dtype.itemsize}`);
    this.tuple([arg, false, true]);
    this.byte(0x52); // REDUCE
    const elsize = flexible ? dtype.itemsize : -1;
    const alignment = dtype.kind === 'U' ? 4 : dtype.kind === 'S' ? 1 : -1;
    const flags = dtype.kind === 'U' ? 8 : 0;
    this.tuple([3, dtype.order, null, null, null, elsize, alignment, flags]);
    this.byte(0x62); // BUILD
  }

  value(v: PyWritable): void {
    if (v === null) this.byte(0x4e);
    else if (v === true) this.byte(0x88);
    else if (v === false) this.byte(0x89);
    else if (typeof v === 'number') {
      if (Number.isInteger(v)) this.int(BigInt(v));
      else this.float(v);
    } else if (typeof v === 'bigint') this.int(v);
    else if (typeof v === 'string') {
      const b = encoder.encode(v);
      this.byte(0x58); // BINUNICODE
      this.uint32(b.length);
      this.bytes(b);
    } else if (v instanceof Uint8Array) {
      this.byte(0x42); // BINBYTES
      this.uint32(v.length);
      this.bytes(v);
    } else if (v instanceof PyFloat) this.float(v.value);
    else if (v instanceof PyComplex) {
      this.global('builtins', 'complex');
      this.tuple([new PyFloat(v.real), new PyFloat(v.imag)]);
      this.byte(0x52);
    } else if (v instanceof PyTuple) this.tuple(v.items);
    else if (v instanceof PyDict) {
      this.byte(0x7d, 0x28); // EMPTY_DICT, MARK
      for (const [k, item] of v.entries) {
        this.value(k);
        this.value(item);
      }
      this.byte(0x75); // SETITEMS
    } else if (v instanceof PySet) {
      this.global('builtins', 'set');
      this.byte(0x28, 0x5d, 0x28); // MARK, EMPTY_LIST, MARK
      for (const item of v.items) this.value(item);
      this.byte(0x65, 0x74, 0x52); // APPENDS, TUPLE, REDUCE
    } else if (v instanceof NumpyScalar) {
      this.global('numpy.core.multiarray', 'scalar');
      this.byte(0x28);
      this.dtype(v.dtype);
      this.value(v.raw);
      this.byte(0x74, 0x52);
    } else if (v instanceof NdArrayValue && v.array.dtype.order === '>') {
      // numpy's ndarray.__setstate__ swaps a big-endian array to native order; h5py returns
      // it big-endian, so build it as numpy.array(numpy.reshape(numpy.frombuffer(data, dtype), shape)).
      const { dtype, shape, data } = v.array;
      this.global('numpy', 'array');
      this.byte(0x28);
      this.global('numpy', 'reshape');
      this.byte(0x28);
      this.global('numpy', 'frombuffer');
      this.byte(0x28);
      this.value(data);
      this.dtype(dtype);
      this.byte(0x74, 0x52);
      this.tuple(shape);
      this.byte(0x74, 0x52);
      this.byte(0x74, 0x52);
    } else if (v instanceof NdArrayValue) {
      const { dtype, shape, data } = v.array;
      this.global('numpy.core.multiarray', '_reconstruct');
      this.byte(0x28);
      this.global('numpy', 'ndarray');
      this.tuple([0]);
      this.value(new Uint8Array([0x62])); // b'b'
      this.byte(0x74, 0x52);
      this.byte(0x28);
      this.value(1);
      this.tuple(shape);
      this.dtype(dtype);
      this.value(false);
      this.value(data);
      this.byte(0x74, 0x62); // TUPLE, BUILD
    } else if (v instanceof PyGlobalCall) {
      this.global(v.module, v.name);
      this.tuple(v.args);
      this.byte(0x52);
    } else if (Array.isArray(v)) {
      this.byte(0x5d, 0x28); // EMPTY_LIST, MARK
      for (const item of v) this.value(item);
      this.byte(0x65); // APPENDS
    } else throw new Error(`Cannot pickle ${String(v)}`);
  }

  done(): Uint8Array {
    return new Uint8Array(this.chunks);
  }
}

/** The pickle of `value` (protocol 3), which Python's pickle.loads reads back. */
export function pickleDumps(value: PyWritable): Uint8Array {
  const w = new PickleWriter();
  w.byte(0x80, 3); // PROTO 3
  w.value(value);
  w.byte(0x2e); // STOP
  return w.done();
}

export { descrOf };
