/**
 * JSON as Python's `json.dumps` writes it with its defaults (ensure_ascii, ", " and ": "
 * separators, insertion order, Python's float spelling), for params.json.
 */
import { PyDict, PyList, type PyValue } from './python-json.ts';
import { latin1Text } from '../support/python-text.ts';

/** Python's repr(float): shortest round-trip digits, exponent below 1e-4 and from 1e16 on. */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // Between 1e-4 and 1e16 both languages write the shortest digits without an exponent; an integral one gets Python's ".0".
  const size = Math.abs(x);
  if (size >= 1e-4 && size < 1e16) return Number.isInteger(x) ? `${x}.0` : String(x);
  // Elsewhere both write the shortest digits with an exponent; Python's has at least two digits.
  const e = x.toExponential();
  return e.charCodeAt(e.length - 2) === 0x2b || e.charCodeAt(e.length - 2) === 0x2d ? `${e.slice(0, -1)}0${e.slice(-1)}` : e;
}

/**
 * json.dumps' output as bytes, written as it is made: ensure_ascii makes every character one
 * byte, so a 200 MB file is 200 MB of chunks, not a string of parts and then a string.
 */
class AsciiSink {
  private readonly chunks: Uint8Array[] = [];
  private chunk = new Uint8Array(1 << 20);
  private at = 0;

  byte(b: number): void {
    if (this.at === this.chunk.length) this.next();
    this.chunk[this.at++] = b;
  }

  text(t: string): void {
    for (let i = 0; i < t.length; i++) this.byte(t.charCodeAt(i));
  }

  private next(): void {
    this.chunks.push(this.chunk);
    this.chunk = new Uint8Array(this.chunk.length);
    this.at = 0;
  }

  done(): Uint8Array {
    const size = this.chunks.length * this.chunk.length + this.at;
    const out = new Uint8Array(size);
    let offset = 0;
    for (const c of this.chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    out.set(this.chunk.subarray(0, this.at), offset);
    return out;
  }
}

const HEX = '0123456789abcdef';

/** json.dumps' string into the sink: ensure_ascii escapes everything outside ' '..'~' (UTF-16 units, lower-case hex). */
function writeString(sink: AsciiSink, s: string): void {
  sink.byte(0x22);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) {
      if (c === 0x22 || c === 0x5c) sink.byte(0x5c);
      sink.byte(c);
    } else if (c === 0x0a) sink.text('\\n');
    else if (c === 0x0d) sink.text('\\r');
    else if (c === 0x09) sink.text('\\t');
    else if (c === 0x08) sink.text('\\b');
    else if (c === 0x0c) sink.text('\\f');
    else sink.text(`\\u${HEX[c >> 12]}${HEX[(c >> 8) & 15]}${HEX[(c >> 4) & 15]}${HEX[c & 15]}`);
  }
  sink.byte(0x22);
}

/** json.dumps' string: ensure_ascii escapes everything outside ' '..'~' (UTF-16 units, lower-case hex). */
export function pythonString(s: string): string {
  const sink = new AsciiSink();
  writeString(sink, s);
  return latin1Text(sink.done());
}

/** json.dumps(value) as the bytes of the file, for a plain tree (dicts, lists, scalars); jsonpickle.ts flattens objects first. */
export function dumpsPythonBytes(value: PyValue): Uint8Array {
  const sink = new AsciiSink();
  const write = (v: PyValue): void => {
    if (v === null) sink.text('null');
    else if (v === true) sink.text('true');
    else if (v === false) sink.text('false');
    else if (typeof v === 'string') writeString(sink, v);
    else if (typeof v === 'bigint') sink.text(v.toString());
    else if (typeof v === 'number') sink.text(pythonFloat(v));
    else if (v instanceof PyList) {
      sink.byte(0x5b);
      for (let i = 0; i < v.items.length; i++) {
        if (i) sink.text(', ');
        const item = v.items[i]!;
        if (typeof item === 'number') sink.text(pythonFloat(item));
        else write(item);
      }
      sink.byte(0x5d);
    } else if (v instanceof PyDict) {
      sink.byte(0x7b);
      let first = true;
      for (const [k, item] of v.entries) {
        if (!first) sink.text(', ');
        first = false;
        writeString(sink, k);
        sink.text(': ');
        write(item);
      }
      sink.byte(0x7d);
    } else {
      throw new Error('dumpsPython needs a plain tree; flatten objects with jsonpickle first');
    }
  };
  write(value);
  return sink.done();
}

/** json.dumps(value) as text (ASCII). */
export function dumpsPython(value: PyValue): string {
  return latin1Text(dumpsPythonBytes(value));
}
