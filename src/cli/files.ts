/**
 * Where the CLI reads and writes. Every write goes to a temporary file beside its target
 * and is renamed into place, so a crash or a kill never leaves a half-written database; the
 * input is only ever replaced with --in-place, after its bytes are saved as a backup.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MigrateError } from '../engine/index.ts';

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

export function readDatabase(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new MigrateError('IO', `Cannot read "${path}": ${(error as Error).message}.`, { path });
  }
}

/** entropy.db -> entropy.<suffix>.db, beside the input. */
export function besideInput(input: string, suffix: string): string {
  const name = basename(input);
  const stem = name.endsWith('.db') ? name.slice(0, -3) : name;
  return join(dirname(input), `${stem}.${suffix}.db`);
}

/** Writes `bytes` to `path` through a synced temporary file and an atomic rename. */
export function writeAtomically(path: string, bytes: Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temp, 'wx');
    try {
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
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
