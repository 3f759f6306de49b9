/**
 * The unpickler's literals as Python reads them: protocol 0's text (ints of any size, floats,
 * escaped strings, raw-unicode-escape), and the binary forms (signed little-endian longs,
 * big-endian doubles). Each refuses with Python's own words where Python raises.
 */
import { pythonIntOf } from '../support/exact-int.ts';
import { PickleError, PyLong } from './python-objects.ts';
import { latin1Text } from '../support/python-text.ts';

/** Little-endian two's complement of any length, in time linear in its length. */
export function signedLittleEndian(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let hex = '';
  for (let i = bytes.length - 1; i >= 0; i--) hex += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  const unsigned = BigInt(`0x${hex}`);
  return (bytes[bytes.length - 1]! & 0x80) !== 0 ? unsigned - (1n << BigInt(8 * bytes.length)) : unsigned;
}

/** Python's raw-unicode-escape decoding (protocol 0's UNICODE): \uXXXX and \UXXXXXXXX, other bytes latin-1. */
export function rawUnicodeEscape(bytes: Uint8Array): string {
  const text = latin1Text(bytes);
  return text.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/g, (_, hex: string) => String.fromCodePoint(parseInt(hex.slice(1), 16)));
}

/** Python's codecs.escape_decode of protocol 0's STRING, then decoded as ASCII (pickle.loads' default). */
export function escapedString(body: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };
  const out = body.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.|\n)/gs, (_, e: string) =>
    e[0] === 'x' && e.length === 3 ? String.fromCharCode(parseInt(e.slice(1), 16)) : /^[0-7]+$/.test(e) ? String.fromCharCode(parseInt(e, 8) & 0xff) : (simple[e] ?? `\\${e}`),
  );
  if (/[^\x00-\x7f]/.test(out)) throw new PickleError('a STRING that is not ASCII');
  return out;
}

export function pythonInt(text: string, base: 0 | 10): bigint {
  const value = pythonIntOf(text, base);
  if (value === null) throw new PickleError(`invalid literal for int(): '${text}'`);
  return value;
}

export function smallInt(v: bigint): number | PyLong {
  return v >= -(2n ** 31n) && v < 2n ** 31n ? Number(v) : new PyLong(v);
}

export function checkedLength(n: number): number {
  if (n < 0) throw new PickleError('the pickle has a negative byte count');
  return n;
}

export function ascii(bytes: Uint8Array): string {
  if (bytes.some((b) => b > 0x7f)) throw new PickleError('a str that is not ASCII');
  return latin1Text(bytes);
}

/** Python's float() of a FLOAT line: decimal text, inf, nan, with optional sign and spaces. */
export function pythonFloat(line: string): number {
  const t = line.trim().replaceAll('_', '');
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(t);
  if (special) return special[2]!.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) throw new PickleError(`could not convert string to float: '${line}'`);
  return Number(t);
}

/**
 * The big-endian double in `bytes`, read where they are: a view's own buffer may hold other
 * data before it (a Node Buffer from SQLite sits in a shared pool), so never `.buffer` alone.
 */
export function bigEndianFloat64(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat64(0, false);
}
