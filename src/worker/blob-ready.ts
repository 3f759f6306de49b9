/**
 * Waiting for the browser to hold the whole new file before offering it. A Blob made in
 * the worker is handed to the browser process in the background after `new Blob` returns;
 * reading from it waits until the browser has all of it. Waiting here has two reasons:
 *
 * - A Blob the browser cannot hold is broken: its download is cancelled without a word.
 *   That happens in a private (incognito) window, which keeps Blobs in memory only: in
 *   Chromium 156, seen with Blobs of about 1 GB, depending on the memory in use. Reading
 *   the first bytes then fails too (it did whenever the download failed, and only then),
 *   and the user gets a sentence instead of a download that does not start.
 * - While the browser takes in hundreds of megabytes, the page's own drawing of the
 *   finished view competes with it for the CPU (up to 116 ms tasks at 1 GB).
 */
import { MigrateError } from '../engine/errors.ts';

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1e6)} MB`;
}

export async function whenReadable(blob: Blob): Promise<Blob> {
  const reader = blob.stream().getReader();
  try {
    await reader.read();
  } catch (error) {
    throw new MigrateError(
      'OUT_OF_MEMORY',
      `The browser could not keep the new file (${megabytes(blob.size)}) for you to download; nothing was written. A private window keeps such files in memory only: use a normal window, or the command-line entropy-migrate.`,
      { detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error), sizeBytes: blob.size },
    );
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return blob;
}
