/**
 * Buffers the browser makes for the script (FileReaderSync's, Blob.arrayBuffer's) belong to
 * the browser as well as to the script: they go only at a full collection, and freeing them
 * early (ArrayBuffer.transfer) hides them from the collector without freeing them. V8 starts
 * a full collection when the memory held outside its heap passes a limit it sets at the last
 * one; a limit set while the database's first storage was still held (the VACUUM) let a 3 GB
 * project's old HDF5 files, read one after the other, pile up 200 MB before the next.
 *
 * A script cannot ask for a collection, but it can show V8 memory that passes the limit:
 * a large buffer reserved and let go at once. The system hands out a buffer's pages only
 * when they are touched, so the reservation costs no memory, and V8 starts a collection that
 * takes the browser's buffers with it (Chromium 156, a worker reading 320 MB through
 * FileReaderSync in 8 MB files, six rounds each: without this, up to 540 MB above idle stayed
 * counted, 300 MB or more in half the rounds; with it, at most 10 MB). So the reading code
 * tells this module what the browser made, and every COLLECT_EVERY_BYTES of it a reservation
 * is made.
 */

/** The browser's buffers left for a collection at most, about: the page's memory target allows for them. */
export const COLLECT_EVERY_BYTES = 64 * 2 ** 20;
/** Larger than the limit's usual distance (in the probe, 256 MiB did as well as 1 GiB). */
export const RESERVE_BYTES = 512 * 2 ** 20;

type Reserve = (bytes: number) => void;

/** Reserves `bytes` untouched and lets them go at once (freed now where ArrayBuffer.transfer exists). */
const reserveAndDrop: Reserve = (bytes) => {
  const buffer = new ArrayBuffer(bytes) as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
  buffer.transfer?.(0);
};

export interface BrowserBuffers {
  /** `bytes` more of the browser's buffers were made (and the caller is done with them). */
  made(bytes: number): void;
}

/** A counter that reserves (`reserve`, for tests) every `everyBytes` the browser made. */
export function browserBuffers(everyBytes = COLLECT_EVERY_BYTES, reserve: Reserve = reserveAndDrop): BrowserBuffers {
  let since = 0;
  return {
    made(bytes) {
      since += bytes;
      if (since < everyBytes) return;
      since = 0;
      try {
        reserve(RESERVE_BYTES);
      } catch {
        // No address space even for an untouched reservation (a 32-bit tab, a strict system):
        // the collection then comes when V8's own limit is passed, later but as before.
      }
    },
  };
}

/** The worker's one counter: every read of a picked or staged file through the browser tells it. */
export const madeByBrowser = browserBuffers();
