/**
 * Where the CLI reads and writes. Every write goes to a temporary file beside its target
 * and is renamed into place, so a crash or a kill never leaves a half-written database; the
 * input is only ever replaced with --in-place, after its bytes are saved as a backup.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MigrateError, OutOfMemoryError } from '../engine/index.ts';

/** The most Node reads into one buffer; the whole database must fit in one. */
const MAX_READ_BYTES = 2 ** 31 - 1;

/** A file, or a project directory whose database is DIR/.entropy/entropy.db. */
export function resolveDatabase(path: string): string {
  if (!existsSync(path)) throw new MigrateError('FILE_NOT_FOUND', `There is no file or folder "${path}".`, { path });
  if (statSync(path).isDirectory()) {
    const db = join(path, '.entropy', 'entropy.db');
    if (!existsSync(db)) {
      throw new MigrateError('FILE_NOT_FOUND', `"${path}" is a folder but not an Entropy project: it has no .entropy/entropy.db.`, { path });
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
      `"${name}-wal" lies beside the database and holds changes that are not in ${name} yet (write-ahead-log mode; Entropy or another program still has it open, or did not close it cleanly). Close Entropy so that SQLite writes them in, then run again; nothing was written.`,
      { path, log: `${path}-wal` },
    );
  }
  if (sizeOf(`${path}-journal`) > 0) {
    throw new MigrateError(
      'HOT_JOURNAL',
      `"${name}-journal" lies beside the database: a write to it is happening now or was interrupted. Close Entropy, or open the project in Entropy once so that SQLite finishes or undoes that write, then run again; nothing was written.`,
      { path, journal: `${path}-journal` },
    );
  }
}

/**
 * The file's bytes. With `allocate`, they are read into the buffer it returns for the size
 * (the buffer a caller hands over to sql.js, so the bytes are not copied again).
 */
export function readDatabase(path: string, allocate?: (size: number) => Uint8Array): Uint8Array {
  refuseUnfinishedWrites(path);
  const size = sizeOf(path);
  if (size > MAX_READ_BYTES) throw new OutOfMemoryError(`${size} bytes`, size, MAX_READ_BYTES);
  try {
    return allocate ? readInto(path, allocate(size)) : readFileSync(path);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_FS_FILE_TOO_LARGE') throw new OutOfMemoryError((error as Error).message, size, MAX_READ_BYTES);
    throw new MigrateError('IO', `Cannot read "${path}": ${(error as Error).message}.`, { path });
  }
}

function readInto(path: string, buffer: Uint8Array): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    let offset = 0;
    while (offset < buffer.length) {
      const read = readSync(fd, buffer, offset, buffer.length - offset, offset);
      if (read === 0) throw new Error('the file became shorter while it was read');
      offset += read;
    }
    return buffer;
  } finally {
    closeSync(fd);
  }
}

/** entropy.db -> entropy.<suffix>.db, beside the input. */
export function besideInput(input: string, suffix: string): string {
  const name = basename(input);
  const stem = name.endsWith('.db') ? name.slice(0, -3) : name;
  return join(dirname(input), `${stem}.${suffix}.db`);
}

export function tempName(path: string, pid: number): string {
  return join(dirname(path), `.${basename(path)}.${pid}.tmp`);
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
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) rmSync(join(dirname(path), name), { force: true });
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

/** Writes `bytes` to `path` through a synced temporary file and an atomic rename. */
export function writeAtomically(path: string, bytes: Uint8Array): void {
  removeStaleTemps(path);
  const temp = tempName(path, process.pid);
  try {
    const fd = openSync(temp, 'wx');
    try {
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    syncDirectory(dirname(path));
  } catch (error) {
    rmSync(temp, { force: true });
    throw new MigrateError('IO', `Cannot write "${path}": ${(error as Error).message}.`, { path });
  }
}

export function refuseExisting(path: string, force: boolean): void {
  if (!force && existsSync(path)) {
    throw new MigrateError('OUTPUT_EXISTS', `"${path}" already exists; choose another name with -o, or add --force to replace it.`, { path });
  }
}
