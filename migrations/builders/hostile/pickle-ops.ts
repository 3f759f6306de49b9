/**
 * Pickles written opcode by opcode, for inputs Python's own pickler never writes but its
 * unpickler reads (one APPENDS of a million items, a list nested 100,000 deep, text-protocol
 * numbers) and for values that attack a reader (a 1 MB LONG4, 2^24 memo gets). Opcode names
 * are those of Python's pickletools.
 */
const encoder = new TextEncoder();

export const OP = {
  MARK: 0x28, STOP: 0x2e, POP: 0x30, DUP: 0x32, FLOAT: 0x46, INT: 0x49, BININT: 0x4a, BININT1: 0x4b, LONG: 0x4c,
  NONE: 0x4e, REDUCE: 0x52, BINUNICODE: 0x58, APPEND: 0x61, BUILD: 0x62, GLOBAL: 0x63, DICT: 0x64, APPENDS: 0x65,
  BINGET: 0x68, LONG_BINGET: 0x6a, EMPTY_LIST: 0x5d, BINPUT: 0x71, LONG_BINPUT: 0x72, SETITEM: 0x73, TUPLE: 0x74,
  EMPTY_TUPLE: 0x29, EMPTY_DICT: 0x7d, BINBYTES: 0x42, PROTO: 0x80, NEWOBJ: 0x81, TUPLE1: 0x85, TUPLE2: 0x86,
  TUPLE3: 0x87, NEWTRUE: 0x88, NEWFALSE: 0x89, LONG1: 0x8a, LONG4: 0x8b, MEMOIZE: 0x94,
} as const;

/** Appends opcodes and arguments; `done()` gives the bytes. */
export class PickleOps {
  private readonly chunks: Uint8Array[] = [];
  private pending: number[] = [];

  constructor(protocol = 4) {
    this.op(OP.PROTO, protocol);
  }

  op(...bytes: number[]): this {
    for (const b of bytes) this.pending.push(b);
    if (this.pending.length > 65_536) this.flush();
    return this;
  }

  raw(bytes: Uint8Array): this {
    this.flush();
    this.chunks.push(bytes);
    return this;
  }

  /** `count` copies of the same opcode bytes (a million BINGETs), without a million calls. */
  repeat(bytes: readonly number[], count: number): this {
    this.flush();
    const out = new Uint8Array(bytes.length * count);
    for (let i = 0; i < count; i++) out.set(bytes, i * bytes.length);
    this.chunks.push(out);
    return this;
  }

  u32(n: number): this {
    return this.op(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  }

  /** A text-protocol argument: the bytes of `text` and a newline. */
  line(text: string): this {
    return this.raw(encoder.encode(`${text}\n`));
  }

  str(text: string): this {
    const b = encoder.encode(text);
    return this.op(OP.BINUNICODE).u32(b.length).raw(b);
  }

  bytes(b: Uint8Array): this {
    return this.op(OP.BINBYTES).u32(b.length).raw(b);
  }

  int(n: number): this {
    return this.op(OP.BININT).u32(n >>> 0);
  }

  global(module: string, name: string): this {
    return this.op(OP.GLOBAL).line(module).line(name);
  }

  /** LONG4 of little-endian two's complement `bytes`. */
  long4(bytes: Uint8Array): this {
    return this.op(OP.LONG4).u32(bytes.length).raw(bytes);
  }

  done(): Uint8Array {
    this.op(OP.STOP);
    this.flush();
    const size = this.chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  private flush(): void {
    if (this.pending.length) this.chunks.push(Uint8Array.from(this.pending));
    this.pending = [];
  }
}
