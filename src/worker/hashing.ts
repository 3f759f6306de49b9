/**
 * The receipt's SHA-256s of a run's input and new file, each streamed from its Blob a piece at
 * a time: never a copy of either, where WebCrypto's digest would copy each whole.
 */
import type { Hashes } from './protocol.ts';
import { readPieces } from './read-file.ts';
import { Sha256 } from './sha256.ts';

/** Hashing reads this much at a time; other calls to the worker run between the reads. */
const HASH_PIECE = 8 * 2 ** 20;

/** The hex SHA-256 of `blob`; null once `stillWanted` says no, or when the Blob can no longer be read whole. */
async function sha256Of(blob: Blob, stillWanted: () => boolean): Promise<string | null> {
  if (!stillWanted()) return null;
  const hash = new Sha256();
  try {
    const read = await readPieces(blob, HASH_PIECE, (piece) => {
      hash.update(piece);
      return stillWanted();
    });
    return read === blob.size ? hash.hex() : null;
  } catch {
    // The file changed or vanished after the run read it: the receipt leaves the hash out.
    return null;
  }
}

/**
 * Hashes the new file, then the input. The worker starts this only when the page asks, which
 * it does once it has shown the download: hashing as soon as the run answered competed for
 * the CPU with the page drawing that answer (a 126 ms task on its thread at 1 GB). Gives up
 * (null) once `stillWanted` says a newer file or run has replaced this one.
 */
export async function hashRun(file: Blob, output: Blob, stillWanted: () => boolean): Promise<Hashes> {
  const outputSha256 = await sha256Of(output, stillWanted);
  const inputSha256 = await sha256Of(file, stillWanted);
  return { inputSha256, outputSha256 };
}
