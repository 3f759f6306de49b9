/**
 * numpy's .npy format (what Entropy stores for data_type Npy: `np.save` of an array or a
 * numpy scalar). Parsed here rather than with npyjs or numpy-parser because the migration
 * needs the raw element bytes with every dtype Entropy may hold (complex, bytes, unicode,
 * big-endian) and the Fortran flag, which those map into JS typed arrays or reject.
 *
 * The header is read as np.load reads it (a dict literal with exactly the keys descr,
 * fortran_order and shape) and its shape is checked against the bytes as np.load checks it:
 * at least shape x itemsize bytes must follow (more are ignored), and no dimension is
 * negative. So no array claims more elements than its bytes hold.
 */
import { fortranToC, parseDescr, UnsupportedDtypeError, type NdArray } from './ndarray.ts';
import { MAX_DIMS } from './numpy-pickle.ts';
import { latin1Text } from '../support/python-text.ts';

export class NpyError extends Error {}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface Header {
  readonly descr: string;
  readonly fortran: boolean;
  readonly shape: readonly bigint[];
}

/** The header dict's three entries, as ast.literal_eval and numpy's checks would accept them. */
function parseHeader(text: string): Header {
  const body = /^\s*\{(.*)\}\s*$/s.exec(text)?.[1];
  if (body === undefined) throw new NpyError(`the .npy header is not a dict: ${text.trim()}`);
  const entry = /\s*(?:'(\w+)'|"(\w+)")\s*:\s*('[^'\\]*'|"[^"\\]*"|True|False|\((?:\s*-?\d+\s*,)*\s*(?:-?\d+\s*)?\)|\[.*?\])\s*(?:,|$)/sy;
  const found = new Map<string, string>();
  let at = 0;
  while (at < body.length && body.slice(at).trim() !== '') {
    entry.lastIndex = at;
    const m = entry.exec(body);
    if (!m) throw new NpyError(`the .npy header cannot be read: ${text.trim()}`);
    found.set(m[1] ?? m[2]!, m[3]!);
    at = entry.lastIndex;
  }
  const keys = [...found.keys()].sort().join(', ');
  if (keys !== 'descr, fortran_order, shape') throw new NpyError(`the .npy header does not contain the correct keys: ${keys}`);
  const descr = found.get('descr')!;
  if (!/^['"]/.test(descr)) throw new NpyError(`unsupported .npy header (structured or object dtype): ${text.trim()}`);
  const fortran = found.get('fortran_order')!;
  if (fortran !== 'True' && fortran !== 'False') throw new NpyError(`fortran_order is not a valid bool: ${fortran}`);
  const shapeText = found.get('shape')!;
  if (!shapeText.startsWith('(')) throw new NpyError(`shape is not a valid shape: ${shapeText}`);
  const dims = shapeText.slice(1, -1).split(',').map((s) => s.trim()).filter((s) => s !== '');
  // "(5)" is the int 5 to Python, not a tuple: np.load refuses it
  if (dims.length === 1 && !/,\s*\)$/.test(shapeText)) throw new NpyError(`shape is not a valid shape: ${shapeText}`);
  const shape = dims.map(BigInt);
  if (shape.some((d) => d < 0n)) throw new NpyError('negative dimensions are not allowed');
  return { descr: descr.slice(1, -1), fortran: fortran === 'True', shape };
}

export function parseNpy(bytes: Uint8Array): NdArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new NpyError('not a .npy file (no \\x93NUMPY magic)');
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new NpyError(`.npy format version ${major} is not one numpy reads`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerStart = major === 1 ? 10 : 12;
  if (bytes.length < headerStart) throw new NpyError('.npy data is truncated: no header length');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (bytes.length < headerStart + headerLength) throw new NpyError(`.npy data is truncated: its header needs ${headerLength} bytes`);
  const headerBytes = bytes.subarray(headerStart, headerStart + headerLength);
  // numpy reads a version 3 header as UTF-8, earlier ones as latin-1.
  const header = parseHeader(major >= 3 ? new TextDecoder('utf-8').decode(headerBytes) : latin1Text(headerBytes));
  if (header.shape.length > MAX_DIMS) throw new NpyError(`the .npy array has ${header.shape.length} dimensions, more than numpy's ${MAX_DIMS}`);
  const dtype = parseDescr(header.descr);
  if (dtype.itemsize === 0) throw new UnsupportedDtypeError(header.descr);
  const start = headerStart + headerLength;
  const needed = header.shape.reduce((a, b) => a * b, 1n) * BigInt(dtype.itemsize);
  if (BigInt(bytes.length - start) < needed) throw new NpyError(`.npy data is truncated (EOF: reading array data, expected ${needed} bytes got ${bytes.length - start})`);
  const shape = header.shape.map(Number);
  const raw = bytes.subarray(start, start + Number(needed));
  return { dtype, shape, data: header.fortran ? fortranToC(raw, shape, dtype.itemsize) : raw };
}
