/**
 * Opening a private, checked copy of one of the project's databases: the header (WAL files
 * are opened as rollback-journal files), SQLite's own failures in the engine's codes, the
 * quick check, and the refusal of a file that is not the project's. Every caller, from
 * `current` to the page, opens through here before reading anything from a file.
 */
import type { Db, DbFile, DbOpener, DbSource } from '../db.ts';
import { MigrateError } from '../errors.ts';
import { isOutOfMemory, OutOfMemoryError } from '../out-of-memory.ts';
import { oneLine, printable } from '../printable.ts';
import type { ProjectDefinition } from '../project/definition.ts';
import { tableNames } from '../schema/introspect.ts';
import { findingsOf, ranOutOfMemory } from './result-checks.ts';
import { sniffSqlite } from './sniff.ts';
import { missingModuleError } from './sqlite-modules.ts';
import { isVersionTable, versionTableName } from './version-table.ts';

/** A private, checked copy of a database, open, and what was noticed opening it. */
export interface OpenedCopy {
  readonly db: DbFile;
  readonly notes: readonly string[];
}

/**
 * Opens a checked private copy of one of the project's databases (or an empty one): every
 * caller, from `current` to the page, must refuse a damaged or foreign file before reading
 * anything from it. WAL-mode files are opened as rollback-journal files.
 */
export function openCopy(open: DbOpener, bytes: Uint8Array, project: ProjectDefinition): OpenedCopy {
  return openSource(bytesSource(open, bytes), project);
}

/** The same for a source that is not bytes in memory (a file; see DbSource). */
export function openSource(source: DbSource, project: ProjectDefinition): OpenedCopy {
  const header = sniffSqlite(source.head, project.databaseHint, source.size);
  const notes: string[] = [];
  if (header.wal) {
    // A lone WAL-mode file (no -wal beside it) holds every committed change; switching the
    // header to rollback mode lets SQLite open it without shared memory. Only the copy changes.
    const name = project.layout.database.split('/').pop();
    notes.push(`The file was in write-ahead-log (WAL) mode. If an ${name}-wal file lies beside it, close ${project.name} first so that its changes are written into ${name}, then open it again.`);
  }
  const db = openSafely(() => source.openCopy(header.wal), project);
  try {
    if (!source.inputChecked) quickCheck(db, project);
    // Refuses a version table that is a view, before anything reads or runs.
    versionTableName(db);
    assertRecognised(db, project);
    return { db, notes };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Bytes as a DbSource. `take` hands them over once (see InputSource); `again` (or the same
 * bytes) serve the after-failure check.
 */
export function bytesSource(open: DbOpener, input: Uint8Array | InputSource): DbSource {
  const source: InputSource = input instanceof Uint8Array ? { take: () => input, again: () => input } : input;
  const bytes = source.take();
  return {
    size: bytes.length,
    head: bytes.subarray(0, 512),
    openCopy(rollbackJournal) {
      if (!rollbackJournal) return open(bytes);
      const copy = bytes.slice();
      copy[18] = 1;
      copy[19] = 1;
      return open(copy);
    },
    openUntouched() {
      const again = source.again();
      return again && open(again);
    },
  };
}

function openSafely(open: () => DbFile, project: ProjectDefinition): DbFile {
  try {
    return open();
  } catch (error) {
    throw classifySqliteError(error, project.databaseHint);
  }
}

/**
 * A run's input for callers that want the engine to let go of it: `take` hands the bytes
 * over once (sql.js may keep them as its working file and drop them when it reallocates, so
 * nothing else should hold them through the run), and `again` gives the untouched input a
 * second time, only for the after-failure check (null when it cannot be had).
 */
export interface InputSource {
  take(): Uint8Array;
  again(): Uint8Array | null;
}

/**
 * Maps SQLite's own messages for broken files onto the engine's codes. sql.js reports every
 * SQLite failure as a plain Error; anything else (a TypeError, a wasm trap) is a bug in this
 * code or in SQLite, and is passed on as it is rather than blamed on the user's file.
 */
export function classifySqliteError(error: unknown, databaseHint = 'choose the database file itself'): unknown {
  if (error instanceof MigrateError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isOutOfMemory(error)) return new OutOfMemoryError(message);
  // The system refused a file (permission, a full disk): that says nothing about the database.
  const system = error as { code?: unknown; syscall?: unknown };
  if (typeof system.code === 'string' && typeof system.syscall === 'string') {
    return new MigrateError('IO', `A file could not be opened or written (${oneLine(message)}); nothing was written.`, { detail: message, errno: system.code });
  }
  if (!(error instanceof Error) || error.constructor !== Error) return error;
  const missingModule = missingModuleError(message);
  if (missingModule) return missingModule;
  if (/not a database|file is encrypted/i.test(message)) {
    return new MigrateError('NOT_SQLITE', `This file is not a readable SQLite database: its first page is not what SQLite writes; ${databaseHint}.`, { detail: message });
  }
  return new MigrateError('DAMAGED', `The database is damaged (SQLite says: ${oneLine(message)}), so it is not upgraded. Use a backup copy of it.`, { detail: message });
}

function damaged(finding: string): MigrateError {
  return new MigrateError('DAMAGED', `The database is damaged, so it is not upgraded (SQLite's check found: ${finding}). Use a backup copy of it.`, { detail: finding });
}

/**
 * openSource's check of the input (quick_check, and the schema read), made by a source on the
 * input itself before openSource runs (see DbSource.inputChecked): `open` opens the untouched
 * input, read-only. The same refusals as openSource's, in the same words.
 */
export function checkInputIntact(open: () => DbFile, project: ProjectDefinition): void {
  const db = openSafely(open, project);
  try {
    quickCheck(db, project);
  } finally {
    db.close();
  }
}

function quickCheck(db: Db, project: ProjectDefinition): void {
  let finding: string | null;
  try {
    finding = findingsOf(db, 'PRAGMA quick_check(1)');
    // Reading the schema is what fails on a damaged sqlite_master; make it happen here.
    tableNames(db);
  } catch (error) {
    throw classifySqliteError(error, project.databaseHint);
  }
  if (finding === null) return;
  if (ranOutOfMemory(finding)) throw new OutOfMemoryError(finding);
  throw damaged(finding);
}

/** Refuses SQLite files that are not the project's (other tables, no version table). */
function assertRecognised(db: Db, project: ProjectDefinition): void {
  const names = tableNames(db);
  if (names.length && !names.some(isVersionTable) && !project.recognise(names)) {
    throw new MigrateError(
      'NOT_PROJECT_DB',
      `This is a SQLite database, but not ${project.name}'s: it has none of ${project.name}'s tables (it has ${names.slice(0, 5).map((n) => printable(n, 40)).join(', ')}${names.length > 5 ? ', ...' : ''}).`,
      { tables: names, project: project.name },
    );
  }
}

/**
 * quick_check before the run skips what only the full check sees (index entries that do
 * not match their rows, NOT NULL columns holding NULL). When a step or the final check then
 * fails, the full check on the untouched input (as a source opens it again) tells whether the
 * file was damaged already, which is what the user needs to hear, rather than that the
 * upgrade broke it; null when it was not, or cannot be opened again.
 */
export function damageIn(openUntouched: () => DbFile | null): MigrateError | null {
  let db: DbFile | null = null;
  try {
    db = openUntouched();
    if (!db) return null;
    const finding = findingsOf(db, 'PRAGMA integrity_check(3)');
    return finding === null || ranOutOfMemory(finding) ? null : damaged(finding);
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
