/**
 * A project folder in the worker: the files the page picked (Blobs, by path relative to the
 * project folder), read only when the run asks for one; and what a whole-project run hands
 * back, delivered two ways: a zip of the upgraded .entropy folder (fflate), or written back
 * into the folder the user picks again, through the File System Access API.
 */
import { Zip, ZipPassThrough } from 'fflate';
import { MigrateError, type FileChange, type FolderSource } from '../engine/index.ts';
import { readOwnedSync, readPieces } from './read-file.ts';

/** The picked folder: relative path ('.entropy/params.json') -> its File. */
export type PickedFolder = ReadonlyMap<string, Blob>;

/**
 * The folder as the run sees it: only the files the project wants, each read when a revision
 * or the finishing work asks (FileReaderSync: a worker may read synchronously, and the run is
 * synchronous), so the results files of experiments nobody touches stay unread.
 */
export function folderSource(folder: PickedFolder, wants: (path: string) => boolean): FolderSource {
  const paths = [...folder.keys()].filter(wants);
  return {
    list: () => paths,
    read: (path) => {
      const file = paths.includes(path) ? folder.get(path) : undefined;
      return file ? readOwnedSync(file) : null;
    },
  };
}

/** What a whole-project run left to deliver: the new database, and every other change. */
export interface ProjectResult {
  /** Where the database lives in the folder ('.entropy/entropy.db'). */
  readonly databasePath: string;
  readonly database: Blob;
  /** Path -> new content, or null for a file the run removed. */
  readonly changes: ReadonlyMap<string, Blob | null>;
  /** Folders the result has even when empty (the project's own upgrade always makes them). */
  readonly folders: readonly string[];
}

export function projectResult(databasePath: string, database: Blob, changes: readonly FileChange[], folders: readonly string[]): ProjectResult {
  const map = new Map<string, Blob | null>();
  for (const change of changes) map.set(change.path, change.kind === 'write' ? new Blob([change.bytes as Uint8Array<ArrayBuffer>]) : null);
  return { databasePath, database, changes: map, folders };
}

/**
 * The folder after the run: every picked file under the database's folder, changed or not,
 * and each folder the result keeps even empty, by its path with a trailing slash.
 */
function upgradedFiles(folder: PickedFolder, result: ProjectResult): Map<string, Blob> {
  const top = result.databasePath.split('/')[0]!;
  const out = new Map<string, Blob>();
  for (const [path, file] of folder) if (path.split('/')[0] === top) out.set(path, file);
  for (const [path, blob] of result.changes) {
    if (blob) out.set(path, blob);
    else out.delete(path);
  }
  out.set(result.databasePath, result.database);
  // A folder with no file in it still goes in the zip, as a folder entry ('.entropy/hdf5/').
  for (const folder of result.folders) if (![...out.keys()].some((path) => path.startsWith(`${folder}/`))) out.set(`${folder}/`, new Blob([]));
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Zip output is gathered in Blobs of about this size, so no single big buffer is held. */
const GATHER_BYTES = 64 * 2 ** 20;
const PIECE_BYTES = 8 * 2 ** 20;

/**
 * The upgraded .entropy folder as a zip (stored, not compressed: HDF5 and SQLite compress
 * little, and storing streams each file through once). Unpacked, it is the folder as the
 * upgrade left it, beside the project's other files.
 */
export async function zipProject(folder: PickedFolder, result: ProjectResult): Promise<Blob> {
  const parts: BlobPart[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let failure: Error | null = null;
  const gather = () => {
    if (pending.length) parts.push(new Blob(pending as Uint8Array<ArrayBuffer>[]));
    pending = [];
    pendingBytes = 0;
  };
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= GATHER_BYTES) gather();
    }
  });
  for (const [path, blob] of upgradedFiles(folder, result)) {
    const entry = new ZipPassThrough(path);
    zip.add(entry);
    if (blob.size === 0) entry.push(new Uint8Array(0), true);
    else {
      let read = 0;
      await readPieces(blob, PIECE_BYTES, (piece) => {
        read += piece.length;
        // fflate keeps no reference once push returns for a stored entry, but copy to be safe:
        // readPieces reuses its buffer for the next piece.
        entry.push(piece.slice(), read === blob.size);
        return true;
      });
      if (read !== blob.size) throw new MigrateError('IO', `The file ${path} could not be read again for the zip: it was changed or moved after it was chosen. Open the folder again.`);
    }
    if (failure) throw failure;
  }
  zip.end();
  if (failure) throw failure;
  gather();
  return new Blob(parts, { type: 'application/zip' });
}

async function sameBytes(a: Blob, b: Blob): Promise<boolean> {
  if (a.size !== b.size) return false;
  // Compared a piece at a time: a big database is never held twice.
  for (let offset = 0; offset < a.size; offset += PIECE_BYTES) {
    const [l, r] = await Promise.all([a, b].map(async (blob) => new Uint8Array(await blob.slice(offset, offset + PIECE_BYTES).arrayBuffer())));
    for (let i = 0; i < l!.length; i++) if (l![i] !== r![i]) return false;
  }
  return true;
}

async function directoryOf(root: FileSystemDirectoryHandle, path: string, create: boolean): Promise<FileSystemDirectoryHandle> {
  let dir = root;
  for (const part of path.split('/').slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create });
  return dir;
}

async function fileIn(root: FileSystemDirectoryHandle, path: string): Promise<File | null> {
  try {
    const dir = await directoryOf(root, path, false);
    return await (await dir.getFileHandle(path.split('/').pop()!)).getFile();
  } catch {
    return null;
  }
}

/** What a write-back did, for the done view. */
export interface WrittenBack {
  readonly written: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Writes the run's result into the folder the user picked again, as Entropy's own upgrade
 * leaves it (the backups it keeps are among the changes). All or nothing as far as the API
 * allows: first the folder is checked to be the one that was opened (its database and every
 * file the run changes are still as they were read); then every new file is written into the
 * browser's swap files (nothing in the folder changes yet; any failure aborts them all); only
 * then are they swapped in one after another, new files before replaced ones and the database
 * last, and the removals made.
 */
export async function writeBack(root: FileSystemDirectoryHandle, folder: PickedFolder, result: ProjectResult): Promise<WrittenBack> {
  const original = folder.get(result.databasePath);
  const onDisk = await fileIn(root, result.databasePath);
  if (!original || !onDisk || !(await sameBytes(original, onDisk))) {
    throw new MigrateError(
      'NOT_SAME_FOLDER',
      `The folder you chose is not the project that was opened, or its ${result.databasePath} changed since: nothing was written. Choose the same project folder, or open it again.`,
    );
  }
  for (const path of result.changes.keys()) {
    const was = folder.get(path);
    const now = await fileIn(root, path);
    const unchanged = was ? now !== null && (await sameBytes(was, now)) : now === null;
    if (!unchanged) {
      throw new MigrateError('NOT_SAME_FOLDER', `${path} in the folder you chose is not as it was when the project was opened: nothing was written. Open the folder again.`);
    }
  }
  const writes = [...result.changes].filter((e): e is [string, Blob] => e[1] !== null);
  // New files (Entropy's backups among them) first, then replaced ones, the database last:
  // should a swap fail part-way, the backups are already in place.
  writes.sort(([a], [b]) => Number(folder.has(a)) - Number(folder.has(b)));
  writes.push([result.databasePath, result.database]);
  const open: { path: string; stream: FileSystemWritableFileStream }[] = [];
  try {
    for (const [path, blob] of writes) {
      const dir = await directoryOf(root, path, true);
      const handle = await dir.getFileHandle(path.split('/').pop()!, { create: true });
      const stream = await handle.createWritable({ keepExistingData: false });
      open.push({ path, stream });
      await stream.write(blob);
    }
  } catch (error) {
    await Promise.all(open.map((o) => o.stream.abort().catch(() => undefined)));
    throw new MigrateError('IO', `Could not write the upgraded project into the folder (${(error as Error).message}); nothing in it was changed.`);
  }
  const written: string[] = [];
  try {
    for (const { path, stream } of open) {
      await stream.close();
      written.push(path);
    }
  } catch (error) {
    await Promise.all(open.slice(written.length + 1).map((o) => o.stream.abort().catch(() => undefined)));
    throw new MigrateError(
      'IO',
      `Writing the upgraded project stopped part-way (${(error as Error).message}): ${written.length ? `${written.join(', ')} ${written.length === 1 ? 'was' : 'were'} replaced, ` : ''}the rest was not. Entropy's backups written so far are in the folder; download the zip instead to finish by hand.`,
    );
  }
  // Made after the swaps: an empty folder left behind by a failed write-back would be a change.
  for (const folder of result.folders) await directoryOf(root, `${folder}/`, true);
  const removed: string[] = [];
  for (const [path, blob] of result.changes) {
    if (blob) continue;
    const dir = await directoryOf(root, path, false);
    await dir.removeEntry(path.split('/').pop()!);
    removed.push(path);
  }
  return { written, removed };
}
