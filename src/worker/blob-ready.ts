/**
 * Waiting for the browser to hold the whole new file before offering it. A Blob made in
 * the worker is handed to the browser process in the background after `new Blob` returns;
 * reading from it waits until the browser has all of it. Waiting here has two reasons:
 *
 * - A Blob the browser cannot hold is broken: its download is cancelled without a word.
 *   Chromium 156 here failed Blobs of about 1 GB made in a worker, in private and normal
 *   windows alike, depending on the memory in use (a 1.0 GB result downloaded in one run, a
 *   same-sized test Blob failed in another). Reading the first bytes failed whenever the
 *   download did, and only then, so the user gets a sentence instead of a dead download.
 * - While the browser takes in hundreds of megabytes, the page's own drawing of the
 *   finished view competes with it for the CPU (up to 116 ms tasks at 1 GB).
 */
import { MigrateError } from '../engine/errors.ts';
import { formatBytes } from '../engine/words.ts';

export async function whenReadable(blob: Blob): Promise<Blob> {
  const reader = blob.stream().getReader();
  try {
    await reader.read();
  } catch (error) {
    throw new MigrateError(
      'OUT_OF_MEMORY',
      `The browser could not keep the new file (${formatBytes(blob.size)}) for you to download; nothing was written. Close other tabs and try again, or use the command-line entropy-migrate, which has no such limit.`,
      { detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error), sizeBytes: blob.size },
    );
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return blob;
}
