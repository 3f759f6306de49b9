/**
 * Integers as Python has them: exact at any size. A JavaScript number holds integers exactly
 * only up to 2^53, so an experiment id of 2^63-1 read as a number becomes 9223372036854775808
 * (and -2^63 once written as int64); a document id "9007199254740993" becomes ...992. Every
 * reader of ids and integer values (SQLite columns, pickles' text opcodes, params.json's
 * document keys) goes through here instead of Number().
 */
import type { SqlValue } from '../../src/engine/index.ts';

const SPACE = '[\\t\\n\\v\\f\\r \\u001c-\\u001f\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';

/** Python's int() of a str, in `base` 10 or 0 (0: a 0x/0o/0b prefix, or decimal without leading zeros); null where Python raises ValueError. */
export function pythonIntOf(text: string, base: 0 | 10 = 10): bigint | null {
  // int() strips whitespace (str.isspace()'s set, the Unicode spaces included) and takes one sign.
  const m = new RegExp(`^${SPACE}*([+-]?)(.*?)${SPACE}*$`, 'su').exec(text);
  if (!m) return null;
  const [, sign, body] = m as unknown as [string, string, string];
  let digits = asciiDigits(body);
  if (digits === null) return null;
  let radix = 10;
  if (base === 0) {
    const prefix = /^0([xob])_?/i.exec(digits);
    if (prefix) {
      radix = { x: 16, o: 8, b: 2 }[prefix[1]!.toLowerCase() as 'x' | 'o' | 'b'];
      digits = digits.slice(prefix[0].length);
    } else if (/^0+(_0+)*$/.test(digits)) {
      return 0n;
    } else if (digits.startsWith('0')) {
      return null; // int('010', 0): leading zeros are not allowed in base 0
    }
  }
  const allowed = radix === 16 ? '[0-9a-fA-F]' : radix === 8 ? '[0-7]' : radix === 2 ? '[01]' : '[0-9]';
  if (!new RegExp(`^${allowed}+(_${allowed}+)*$`).test(digits)) return null;
  const plain = digits.replaceAll('_', '');
  const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : radix === 2 ? '0b' : '';
  const value = BigInt(`${prefix}${plain}`);
  return sign === '-' ? -value : value;
}

/** Unicode decimal digits (which Python's int() reads, '١٢' is 12) as ASCII; null for a character that is not one. */
function asciiDigits(text: string): string | null {
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  let out = '';
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) out += char;
    else if (/\p{Nd}/u.test(char)) out += String(digitValue(char.codePointAt(0)!));
    else return null;
  }
  return out;
}

/** A decimal digit's value: its distance from the start of its run of digits, modulo 10 (runs are whole tens). */
function digitValue(codePoint: number): number {
  let start = codePoint;
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  return (codePoint - start) % 10;
}

/**
 * An SQL expression giving `column`'s integer as exact decimal text (NULL when it holds no
 * integer): adapters hand 64-bit integers to JavaScript as numbers, losing what is above 2^53.
 */
export const exactIntegerSql = (column: string): string => `CASE WHEN typeof(${column}) = 'integer' THEN CAST(${column} AS TEXT) END`;

/** An integer from SQLite, exactly: a bigint, a safe number, or exactIntegerSql's text; null for anything else. */
export function exactIntOf(value: SqlValue): bigint | null {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : null;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  return null;
}

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** `value` as the 8 little-endian bytes of an int64 (what h5py writes for a Python int); RangeError outside int64. */
export function int64Bytes(value: bigint): Uint8Array {
  if (value < INT64_MIN || value > INT64_MAX) throw new RangeError(`${value} does not fit in 64 bits`);
  return new Uint8Array(new BigInt64Array([value]).buffer);
}
