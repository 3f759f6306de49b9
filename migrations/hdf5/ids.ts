/**
 * Experiment ids, stages and row ids as exact integers. SQLite holds 64-bit integers and
 * Python's int has no bound, but a JavaScript number is exact only to 2^53: id 2^63-1 became
 * the file 9223372036854776000.hdf5 and the attribute -2^63. Ids therefore travel as decimal
 * text (what SQLite's CAST(x AS TEXT) and Python's str(int) both write) and become bigint only
 * where HDF5 needs the bytes.
 */

/** An integer as decimal text, e.g. '9223372036854775807' or '-3'. */
export type IdText = string;

/** Orders ids as numbers, not as text ('10' after '9'). */
export function compareIds(a: IdText, b: IdText): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Whether numpy keeps this id as int64 (h5py's attribute type for a Python int that fits). */
export function fitsInt64(id: IdText): boolean {
  const n = BigInt(id);
  return n >= INT64_MIN && n <= INT64_MAX;
}

/** The little-endian int64 bytes of an id (h5py's `attrs.create(name, int)`). */
export function int64Bytes(id: IdText): Uint8Array {
  return new Uint8Array(new BigInt64Array([BigInt.asIntN(64, BigInt(id))]).buffer);
}

/**
 * Python's whitespace for str.strip() (str.isspace): ASCII controls \t-\r and \x1c-\x1f, space,
 * \x85, \xa0 and Unicode's space separators and line/paragraph separators. Not the BOM, which
 * JavaScript's trim() removes and Python keeps.
 */
const PY_SPACE = /^[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

const DIGIT = /^\p{Nd}$/u;

/**
 * A Unicode decimal digit's value: digits come in runs of ten, 0 to 9 (some runs follow each
 * other, as the mathematical digits do), so the value is the distance from the run's start, mod 10.
 */
function digitValue(char: string): number {
  const code = char.codePointAt(0)!;
  let start = code;
  while (start > 0 && DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (code - start) % 10;
}

/**
 * Python's `int(text)` for a str: surrounding whitespace, an optional sign, decimal digits of
 * any script, single underscores between digits (PEP 515). Null where Python raises ValueError.
 */
export function pythonInt(text: string): bigint | null {
  const stripped = text.replace(PY_SPACE, '');
  if (!/^[+-]?\p{Nd}+(?:_\p{Nd}+)*$/u.test(stripped)) return null;
  let value = 0n;
  for (const char of stripped.replace(/^[+-]/, '').replaceAll('_', '')) value = value * 10n + BigInt(char <= '9' ? Number(char) : digitValue(char));
  return stripped.startsWith('-') ? -value : value;
}
