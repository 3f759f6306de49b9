/**
 * A project folder in the worker: the files the page picked (Blobs, by path relative to the
 * project folder), read only when the run asks for one; and what a whole-project run hands
 * back, delivered two ways: a zip of the upgraded .entropy folder (fflate), or written back
 * into the folder the user picks again, through the File System Access API.
 */
import { Zip, ZipPassThrough } from 'fflate';
import { commitToFolder, MigrateError, type CommitWhat, type FileChange, type FolderSource } from '../engine/index.ts';
import { handleFolder } from './handle-folder.ts';
import { readPieces, readProjectFileSync, readSlice } from './read-file.ts';
import type { KeptReader } from './run-staging.ts';

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
      return file ? readProjectFileSync(file) : null;
    },
    unread: (path) => (paths.includes(path) ? (folder.get(path) ?? null) : null),
    // Each read is the picked file read anew, into a buffer of its own.
    readsCopies: true,
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
  /** Paths whose file the run read (or removed): a new file there replaces it knowingly. */
  readonly replaces: ReadonlySet<string>;
  /** Path -> its name in the run's OPFS staging, for each new file kept there (run-staging.ts). */
  readonly keptAs: ReadonlyMap<string, string>;
  /** What the run did, for the journal and the backup's manifest. */
  readonly what: CommitWhat;
}

/**
 * `kept` gives a file the run kept outside memory (a 'place' change: the page's OPFS staging,
 * run-staging.ts) as a Blob read from disk; without it every new file is in memory.
 * `databaseKept`: the database's name in that staging, when it is kept there too.
 */
export function projectResult(
  databasePath: string,
  database: Blob,
  changes: readonly FileChange[],
  folders: readonly string[],
  what: CommitWhat,
  kept: ((from: string) => Blob) | null = null,
  databaseKept: string | null = null,
): ProjectResult {
  const map = new Map<string, Blob | null>();
  const replaces = new Set<string>([databasePath]);
  const keptAs = new Map<string, string>(databaseKept === null ? [] : [[databasePath, databaseKept]]);
  const blobOf = (change: Exclude<FileChange, { kind: 'remove' }>): Blob => {
    if (change.kind === 'write') return new Blob([change.bytes as Uint8Array<ArrayBuffer>]);
    if (!kept) throw new Error(`${change.path} was kept outside memory, and this run has no place that keeps it.`);
    return kept(change.from);
  };
  for (const change of changes) {
    map.set(change.path, change.kind === 'remove' ? null : blobOf(change));
    if (change.kind === 'place') keptAs.set(change.path, change.from);
    if (change.kind !== 'remove' && change.replaces) replaces.add(change.path);
  }
  return { databasePath, database, changes: map, folders, replaces, what, keptAs };
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
/** How much of the staging the zip reads synchronously before it lets other calls in. */
const YIELD_BYTES = 64 * 2 ** 20;

/** Where a zip goes as it is made: chunks in order, then the whole as a Blob. */
export interface ZipSink {
  write(chunk: Uint8Array): void;
  finish(): Promise<Blob>;
}

/** A zip gathered in memory, in Blobs of GATHER_BYTES (where the run's files are not staged on disk). */
export function zipInMemory(): ZipSink {
  const parts: BlobPart[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const gather = () => {
    if (pending.length) parts.push(new Blob(pending as Uint8Array<ArrayBuffer>[]));
    pending = [];
    pendingBytes = 0;
  };
  return {
    write(chunk) {
      // A copy: the chunk may be a view of the reader's buffer, which the next piece reuses.
      pending.push(chunk.slice());
      pendingBytes += chunk.length;
      if (pendingBytes >= GATHER_BYTES) gather();
    },
    async finish() {
      gather();
      return new Blob(parts, { type: 'application/zip' });
    },
  };
}

/**
 * The upgraded .entropy folder as a zip (stored, not compressed: HDF5 and SQLite compress
 * little, and storing streams each file through once). Unpacked, it is the folder as the
 * upgrade left it, beside the project's other files. `sink`: where it is written as it is
 * made (the run's staging on disk, run-staging.ts, or memory); `kept`: where the files the
 * run kept there are read from, when it can be opened.
 */
export async function zipProject(folder: PickedFolder, result: ProjectResult, sink: ZipSink = zipInMemory(), kept: KeptReader | null = null): Promise<Blob> {
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else {
      try {
        sink.write(chunk);
      } catch (caught) {
        failure = caught as Error;
      }
    }
  });
  let sinceYield = 0;
  for (const [path, blob] of upgradedFiles(folder, result)) {
    const entry = new ZipPassThrough(path);
    zip.add(entry);
    let read = 0;
    // fflate keeps no reference once push returns for a stored entry, and the sink copies
    // what it keeps: no copy here, which on disk would only make garbage (720 MB at 250 MB).
    const push = (piece: Uint8Array) => {
      read += piece.length;
      entry.push(piece, read === blob.size);
      return true;
    };
    const from = result.keptAs.get(path);
    if (blob.size === 0) entry.push(new Uint8Array(0), true);
    else if (kept && from !== undefined) {
      kept.pieces(from, PIECE_BYTES, push);
      // Read from disk without waiting: other calls to the worker get in now and then.
      if ((sinceYield += blob.size) >= YIELD_BYTES) {
        sinceYield = 0;
        await new Promise((resolve) => setTimeout(resolve));
      }
    } else await readPieces(blob, PIECE_BYTES, push);
    if (read !== blob.size) throw new MigrateError('IO', `The file ${path} could not be read again for the zip: it was changed or moved after it was chosen. Open the folder again.`);
    if (failure) throw failure;
  }
  zip.end();
  if (failure) throw failure;
  return sink.finish();
}

async function sameBytes(a: Blob, b: Blob): Promise<boolean> {
  if (a.size !== b.size) return false;
  // Compared a piece at a time: a big database is never held twice.
  for (let offset = 0; offset < a.size; offset += PIECE_BYTES) {
    const [l, r] = await Promise.all([a, b].map((blob) => readSlice(blob, offset, offset + PIECE_BYTES)));
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
  /** The folder (relative to the project) that keeps every file it replaced or removed, for restore. */
  readonly backup: string | null;
}

/** The folder commit's journal and backups beside the database, as the CLI keeps them: '.entropy/entropy-migrate'. */
export const booksBeside = (database: string): string => [...database.split('/').slice(0, -1), 'entropy-migrate'].join('/');

/** The folder the user chose is the one that was opened: its database and every file the run changes are as they were read. */
async function refuseOtherFolder(root: FileSystemDirectoryHandle, folder: PickedFolder, result: ProjectResult): Promise<void> {
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
    const unchanged = was ? now !== null && (await sameBytes(was, now)) : now === null || !result.replaces.has(path);
    if (!unchanged) {
      throw new MigrateError('NOT_SAME_FOLDER', `${path} in the folder you chose is not as it was when the project was opened: nothing was written. Open the folder again.`);
    }
  }
}

/**
 * Writes the run's result into the folder the user picked again, as Entropy's own upgrade
 * leaves it, through the same folder commit as the CLI's --in-place (engine folder-commit.ts):
 * the folder is checked to be the one that was opened, every file to be replaced or removed
 * is kept in a backup folder inside .entropy, a journal is written before the first file is
 * put in place and removed last, and the database goes in last. A tab closed half-way leaves
 * the journal, which the next run of the page or the CLI on the folder completes or undoes.
 */
export async function writeBack(root: FileSystemDirectoryHandle, folder: PickedFolder, result: ProjectResult): Promise<WrittenBack> {
  await refuseOtherFolder(root, folder, result);
  const writes = [...result.changes]
    .filter((e): e is [string, Blob] => e[1] !== null)
    .map(([path, blob]) => ({ path, content: { data: blob }, replaces: result.replaces.has(path) }));
  writes.push({ path: result.databasePath, content: { data: result.database }, replaces: true });
  const removals = [...result.changes].filter(([, blob]) => blob === null).map(([path]) => path);
  const books = booksBeside(result.databasePath);
  const report = await commitToFolder(handleFolder(root, root.name), { writes, removals, folders: result.folders }, {
    books,
    token: `page${Math.random().toString(36).slice(2, 10)}`,
    owner: { host: null, pid: null },
    what: result.what,
    keepBackup: true,
    force: false,
    words: { elsewhere: 'Download the zip instead and unpack it', force: null },
  });
  return report;
}
