/**
 * Reading the user's File in the worker, a piece at a time, into a buffer that sql.js takes
 * as its working file (handOverBuffer: the file plus room to grow), so the input is in
 * memory once: no separate "bytes read" beside sql.js's copy. The worker reads the file when it is
 * chosen and again only for a second run on it (src/worker/api.ts).
 *
 * A File from the file picker is a snapshot: if the file on disk changes after it was
 * chosen, Chromium and Firefox fail the read (NotReadableError) rather than hand over other
 * bytes, so every read sees what was inspected, or nothing. The user's file is only ever read.
 */
import { MigrateError } from '../engine/errors.ts';
import { handOverBuffer } from '../sqljs/browser.ts';
import { madeByBrowser } from './browser-buffers.ts';

/** Read in slices so that only one slice exists beside the destination at a time. */
const SLICE_BYTES = 32 * 2 ** 20;

/** The IO error for a file that could not be read (a MigrateError already is one). */
function unreadable(error: unknown): MigrateError {
  if (error instanceof MigrateError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new MigrateError(
    'IO',
    'The file could not be read again: it was changed, moved or deleted after it was chosen. Choose it again to start over.',
    { detail: reason },
  );
}

function shortRead(file: Blob, offset: number): never {
  throw unreadable(new Error(`read ended at byte ${offset} of ${file.size}`));
}

/** Puts one slice read from the file at `offset`; answers where the next one goes. */
function place(file: Blob, bytes: Uint8Array, offset: number, slice: ArrayBuffer): number {
  const part = new Uint8Array(slice);
  if (!part.length) shortRead(file, offset);
  bytes.set(part, offset);
  madeByBrowser.made(part.length);
  return offset + part.length;
}

/**
 * Pieces are copied into the destination rather than read straight into it. A buffer a
 * stream has filled belongs to the browser as well as to the script: sql.js's storage read
 * that way (BYOB, into the whole file at once) could not be freed when VACUUM left it
 * (src/sqljs/adapter.ts), and 267 MB stayed counted until a collection, which a long run
 * may not have. One reused piece costs a copy of the file (tens of ms at 250 MB).
 */
const PIECE_BYTES = 4 * 2 ** 20;

/** The whole file, in a buffer the opener may own (sql.js writes into it). */
export async function readOwned(file: Blob): Promise<Uint8Array> {
  const bytes = handOverBuffer(file.size);
  let offset = 0;
  try {
    await readPieces(file, PIECE_BYTES, (piece) => {
      if (offset + piece.length > file.size) throw new Error(`read past byte ${file.size}, the file's size`);
      bytes.set(piece, offset);
      offset += piece.length;
      return true;
    });
  } catch (error) {
    throw unreadable(error);
  }
  if (offset < file.size) shortRead(file, offset);
  return bytes;
}

/**
 * The same, synchronously (FileReaderSync exists only in workers): for the engine's check of
 * the untouched input after a failed step, which happens inside a synchronous call, when the
 * first read has become sql.js's working file and holds the failed run's writes.
 */
export function readOwnedSync(file: Blob): Uint8Array {
  return readSyncInto(file, handOverBuffer(file.size));
}

/**
 * A project's file beside the database, read whole when the run asks for it (synchronously:
 * the run is), into a buffer of its exact size that the run may free once done with it.
 */
export function readProjectFileSync(file: Blob): Uint8Array {
  return readSyncInto(file, new Uint8Array(file.size));
}

function readSyncInto(file: Blob, bytes: Uint8Array): Uint8Array {
  try {
    const reader = new FileReaderSync();
    for (let offset = 0; offset < file.size; ) offset = place(file, bytes, offset, reader.readAsArrayBuffer(file.slice(offset, offset + SLICE_BYTES)));
  } catch (error) {
    throw unreadable(error);
  }
  return bytes;
}

/** A BYOB reader of the file's stream, or null where streams have none. */
function byobReader(file: Blob): ReadableStreamBYOBReader | null {
  try {
    return file.stream().getReader({ mode: 'byob' });
  } catch {
    return null;
  }
}

/**
 * How readPieces reads (measured in Chromium 156, 1.5 GB through a worker):
 * - A Blob's stream, BYOB into one reused buffer: 3 s, 144 MiB above idle.
 * - Slices read whole (Blob.arrayBuffer), 8 MiB each: 9 s, 393 MiB; their buffers are the
 *   browser's as well as the script's and go at the next collection (ArrayBuffer.transfer
 *   on them kept all 1.5 GB counted: it hides them from the collector without freeing them).
 * But a worker's streams stall: after about 110 Blobs read each through a stream of its own,
 *   the next read never answers (picked files and slices of an OPFS file alike, read to the
 *   end or cancelled; a 3 GB project's zip stopped at 575 MB). So only big files stream, and
 *   a worker opens at most MOST_STREAMS streams in its life; everything else is read in slices.
 */
const STREAM_FROM_BYTES = 64 * 2 ** 20;
const MOST_STREAMS = 48;
let streamsOpened = 0;

/**
 * Reads the file through `use` a piece at a time (`use` must not keep a piece: the next may
 * reuse its buffer); stops early when `use` answers false. Answers how many bytes were read.
 */
export async function readPieces(file: Blob, pieceBytes: number, use: (piece: Uint8Array) => boolean): Promise<number> {
  const reader = file.size >= STREAM_FROM_BYTES && streamsOpened < MOST_STREAMS ? byobReader(file) : null;
  let read = 0;
  if (reader) {
    streamsOpened++;
    try {
      let buffer = new ArrayBuffer(pieceBytes);
      for (;;) {
        const { value, done } = await reader.read(new Uint8Array(buffer));
        if (done || !value) return read;
        read += value.byteLength;
        if (!use(value)) return read;
        buffer = value.buffer;
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  }
  while (read < file.size) {
    const piece = await readSlice(file, read, read + pieceBytes);
    if (!piece.length) return read;
    read += piece.length;
    if (!use(piece)) return read;
  }
  return read;
}

/** Bytes `start` to `end` of the file, in a buffer the browser makes (counted: browser-buffers.ts). */
export async function readSlice(file: Blob, start: number, end: number): Promise<Uint8Array> {
  const piece = new Uint8Array(await file.slice(start, end).arrayBuffer());
  madeByBrowser.made(piece.length);
  return piece;
}
