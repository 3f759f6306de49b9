/**
 * Where the CLI reads and writes. Every write goes to a temporary file beside its target
 * and is renamed into place, so a crash or a kill never leaves a half-written database; the
 * input is only ever replaced with --in-place, after its bytes are saved as a backup.
 */
import { closeSync, constants, copyFileSync, existsSync, fsyncSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { aProject, isOutOfMemory, MigrateError, oneLine, OutOfMemoryError, type ProjectDefinition } from '../engine/index.ts';
import { openRegularFile } from './regular-file.ts';
import { shownPath } from './terminal.ts';
import { temporaryFile } from './leftovers.ts';
import { applyOwnership, CREATE_MODE, type Ownership } from './permissions.ts';

/** The most Node reads into one buffer; the whole database must fit in one. */
const MAX_READ_BYTES = 2 ** 31 - 1;

/** A file, or a project folder whose database is where the project's layout puts it. */
export function resolveDatabase(path: string, project: ProjectDefinition): string {
  if (!existsSync(path)) throw new MigrateError('FILE_NOT_FOUND', `There is no file or folder "${shownPath(path)}".`, { path });
  if (statSync(path).isDirectory()) {
    const db = join(path, ...project.layout.database.split('/'));
    if (!existsSync(db)) {
      throw new MigrateError('FILE_NOT_FOUND', `"${shownPath(path)}" is a folder but not ${aProject(project)} project: it has no ${project.layout.database}.`, { path });
    }
    return db;
  }
  return path;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * A non-empty -wal or -journal beside the database means its bytes alone are not the whole
 * story: changes are still in the log, or a write was interrupted. Upgrading the bytes would
 * drop those changes, and after --in-place SQLite would replay the stale log onto the new file.
 */
export function refuseUnfinishedWrites(path: string): void {
  const name = basename(path);
  if (sizeOf(`${path}-wal`) > 0) {
    throw new MigrateError(
      'WAL_MODE',
      `"${shownPath(name)}-wal" lies beside the database and holds changes that are not in ${shownPath(name)} yet (write-ahead-log mode; Entropy or another program still has it open, or did not close it cleanly). Close Entropy so that SQLite writes them in, then run again; nothing was written.`,
      { path, log: `${path}-wal` },
    );
  }
  if (sizeOf(`${path}-journal`) > 0) {
    throw new MigrateError(
      'HOT_JOURNAL',
      `"${shownPath(name)}-journal" lies beside the database: a write to it is happening now or was interrupted. Close Entropy, or open the project in Entropy once so that SQLite finishes or undoes that write, then run again; nothing was written.`,
      { path, journal: `${path}-journal` },
    );
  }
}

/**
 * The file's bytes. With `allocate`, they are read into the buffer it returns for the size
 * (the buffer a caller hands over to sql.js, so the bytes are not copied again). Only a
 * regular file is read, and only as many bytes as it had when opened.
 */
export function readDatabase(path: string, allocate?: (size: number) => Uint8Array): Uint8Array {
  refuseUnfinishedWrites(path);
  let opened: { fd: number; size: number };
  try {
    opened = openRegularFile(path);
  } catch (error) {
    if (error instanceof MigrateError) throw error;
    throw new MigrateError('IO', `Cannot read "${shownPath(path)}": ${oneLine((error as Error).message)}.`, { path });
  }
  const { fd, size } = opened;
  try {
    if (size > MAX_READ_BYTES) throw new OutOfMemoryError(`${size} bytes`, size, MAX_READ_BYTES);
    return readInto(fd, allocate ? allocate(size) : new Uint8Array(size));
  } catch (error) {
    if (error instanceof MigrateError) throw error;
    if (isOutOfMemory(error)) throw new OutOfMemoryError((error as Error).message, size, MAX_READ_BYTES);
    throw new MigrateError('IO', `Cannot read "${shownPath(path)}": ${oneLine((error as Error).message)}.`, { path });
  } finally {
    closeSync(fd);
  }
}

function readInto(fd: number, buffer: Uint8Array): Uint8Array {
  let offset = 0;
  while (offset < buffer.length) {
    const read = readSync(fd, buffer, offset, buffer.length - offset, offset);
    if (read === 0) throw new Error('the file became shorter while it was read');
    offset += read;
  }
  return buffer;
}

/** entropy.db -> entropy.<suffix>.db, beside the input. */
export function besideInput(input: string, suffix: string): string {
  const name = basename(input);
  const stem = name.endsWith('.db') ? name.slice(0, -3) : name;
  return join(dirname(input), `${stem}.${suffix}.db`);
}

/** Where a file replaced in place keeps its original: IN.bak.<the revisions it was at>.db beside it. */
export function backupBeside(input: string, from: readonly string[]): string {
  return besideInput(input, `bak.${from.join('_') || 'base'}`);
}

/** A temporary name beside `path`, announced as a leftover to remove if the run is ended from outside (leftovers.ts). */
export function tempName(path: string, pid: number): string {
  return temporaryFile(join(dirname(path), `.${basename(path)}.${pid}.tmp`));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Temporary files that a killed run left beside `path` (a kill cannot be caught, so the
 * run itself cannot remove them). Only those whose process is gone: another entropy-migrate
 * may be writing its own right now.
 */
export function removeStaleTemps(path: string): void {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(prefix) && name.endsWith('.tmp') ? Number(name.slice(prefix.length, -4)) : NaN;
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) rmSync(join(dirname(path), name), { recursive: true, force: true });
  }
}

/**
 * Every temporary file or folder in `dir` that a killed run left (a name `.X.<pid>.tmp` whose
 * process is gone): the work copy of a database, kept files, a backup being written.
 */
export function removeDeadTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^\..+\.(\d+)\.tmp$/.exec(name)?.[1] ?? NaN);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/** Flushes a finished file (a work file native SQLite wrote) to disk before it is renamed into place. */
export function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename survive a power cut too, where the file system allows it. */
export function syncDirectory(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems (and Windows) cannot open or sync a directory; the rename still stands.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Writes `content` (bytes, or a copy of the file `copyOf`: a reflink where the file system
 * has them) to `path` through a synced temporary file and an atomic rename, with the input's
 * permissions (`ownership`) set before any byte is written or the copy is renamed.
 */
export function writeAtomically(path: string, content: Uint8Array | { readonly copyOf: string }, ownership?: Ownership): void {
  removeStaleTemps(path);
  const temp = tempName(path, process.pid);
  try {
    if (!(content instanceof Uint8Array)) copyFileSync(content.copyOf, temp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    const bytes = content instanceof Uint8Array ? content : null;
    const fd = openSync(temp, bytes ? 'wx' : 'r+', CREATE_MODE);
    try {
      if (ownership) applyOwnership(fd, ownership);
      if (bytes) for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    syncDirectory(dirname(path));
  } catch (error) {
    rmSync(temp, { force: true });
    throw new MigrateError('IO', `Cannot write "${shownPath(path)}": ${oneLine((error as Error).message)}.`, { path });
  }
}

export function refuseExisting(path: string, force: boolean): void {
  if (!force && existsSync(path)) {
    throw new MigrateError('OUTPUT_EXISTS', `"${shownPath(path)}" already exists; choose another name with -o, or add --force to replace it.`, { path });
  }
}
