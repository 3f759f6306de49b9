/**
 * What HDF5 says when a file is damaged, in a few words. h5wasm turns HDF5's error stack into
 * an exception whose message is the whole HDF5-DIAG dump: a dozen lines, each with a path of
 * the machine that built the library ("/__w/libhdf5-wasm/.../H5Fsuper.c line 577"). None of it
 * may reach a user; the innermost frame's own words ("truncated file", "file signature not
 * found") are kept, without the numbers after them.
 */
import { isOutOfMemory, printable } from '../../src/engine/index.ts';
import { Hdf5MoveError } from './errors.ts';

const FRAME = /#\d+: .*? in [^\n]*?\(\): ([^\n]*)/g;

/** The innermost reason of an HDF5 failure, or null when the error is not HDF5's. */
export function hdf5Reason(error: unknown): string | null {
  const text = error instanceof Error ? error.message : String(error);
  if (!text.includes('HDF5-DIAG')) return null;
  const reasons = [...text.matchAll(FRAME)].map((m) => m[1]!.split(':')[0]!.trim()).filter(Boolean);
  return printable(reasons.at(-1) ?? 'an error', 60);
}

/**
 * One sentence for a file that HDF5 could not read: which file (and, where known, which
 * experiment and label), and HDF5's reason in a few words. A failed allocation stays what it
 * is (the memory budget says it); errors of our own pass through.
 */
export function describeHdf5Failure(error: unknown, path: string, where = ''): unknown {
  const reason = error instanceof Hdf5MoveError || isOutOfMemory(error) ? null : hdf5Reason(error);
  // Not HDF5's words: ours, the budget's, or a bug, which must not pass for a damaged file.
  if (reason === null) return error;
  return new Hdf5MoveError('UNREADABLE_HDF5', `${path}${where} cannot be read as an HDF5 file, so it is left as it is (HDF5 says: ${reason}).`, { path });
}
