/**
 * numpy's .npy format (what Entropy stores for data_type Npy: `np.save` of an array or a
 * numpy scalar). Parsed here rather than with npyjs or numpy-parser because the migration
 * needs the raw element bytes with every dtype Entropy may hold (complex, bytes, unicode,
 * big-endian) and the Fortran flag, which those map into JS typed arrays or reject.
 */
import { elementCount, fortranToC, parseDescr, type NdArray } from './ndarray.ts';

export class NpyError extends Error {}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function parseNpy(bytes: Uint8Array): NdArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new NpyError('not a .npy file (no \\x93NUMPY magic)');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const header = new TextDecoder(major >= 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  if (descr === undefined) throw new NpyError(`unsupported .npy header (structured or object dtype): ${header.trim()}`);
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (shapeText === undefined) throw new NpyError(`.npy header without a shape: ${header.trim()}`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const dtype = parseDescr(descr);
  const size = elementCount(shape) * dtype.itemsize;
  const start = headerStart + headerLength;
  if (bytes.length < start + size) throw new NpyError(`.npy data is truncated: ${bytes.length - start} of ${size} bytes`);
  const raw = bytes.slice(start, start + size);
  return { dtype, shape, data: fortran ? fortranToC(raw, shape, dtype.itemsize) : raw };
}
