/**
 * How database bytes become sql.js's in-memory file. sql.js 1.16 creates the file with
 * Emscripten's FS.createDataFile, whose MEMFS keeps `data.slice(0, length)` as the file's
 * storage and `length` as its size. Two consequences shape this module:
 *
 * - Storage longer than the file is room to grow. Without room, the first page a migration
 *   appends (the new Nodes table of 9ffd2ba0d5bf) makes MEMFS allocate 1.125x the file and
 *   copy all of it: about 140 ms at 250 MB. Room that is never written costs no memory (the
 *   system hands out zero pages only when touched).
 * - On a Node Buffer `.slice()` is a view, not a copy, so MEMFS would write into the
 *   caller's bytes. Every open therefore copies, once, into storage of its own, unless the
 *   caller hands its buffer over (handOver), which is for callers that never look at those
 *   bytes again (the CLI, which read the file only to migrate it).
 * - The storage is the opener's to free once MEMFS is done with it (after a VACUUM that
 *   shrank the file, or at close; src/sqljs/adapter.ts), so a handed-over buffer must not be
 *   read after the database it became is closed.
 */

/** The file plus room for a migration's appends: an eighth, at least 16 MiB. */
export function roomFor(length: number): number {
  return length + Math.max(16 * 2 ** 20, Math.ceil(length / 8));
}

/** A file's bytes over larger storage; MEMFS's `slice(0, length)` takes the storage whole. */
export class MemfsFile extends Uint8Array {
  storage: Uint8Array<ArrayBuffer> = new Uint8Array(0);

  override slice(start?: number, end?: number): Uint8Array<ArrayBuffer> {
    if (start === 0 && end === this.length) return this.storage;
    // Anyone else (openCopy's WAL fix) gets the plain copy that slice promises.
    return new Uint8Array(this.subarray(start, end));
  }
}

function fileOver(storage: Uint8Array<ArrayBuffer>, length: number): MemfsFile {
  const file = new MemfsFile(storage.buffer, storage.byteOffset, length);
  file.storage = storage;
  return file;
}

/**
 * A buffer of `length` bytes to read a database into and then give to the opener, which
 * uses it as the database file itself: no copy, and SQLite writes into it.
 */
export function handOverBuffer(length: number): Uint8Array {
  return fileOver(new Uint8Array(roomFor(length)), length);
}

/** What the opener gives sql.js: handed-over bytes as they are, anything else copied once. */
export function memfsInput(bytes: Uint8Array): MemfsFile {
  if (bytes instanceof MemfsFile) return bytes;
  const storage = new Uint8Array(roomFor(bytes.length));
  storage.set(bytes);
  return fileOver(storage, bytes.length);
}
