/**
 * The engine's front door for files: open a private copy of the bytes, check it, plan, run,
 * check the result, export. The caller's bytes are never written to, and on any failure
 * nothing is returned but a typed error.
 */
import type { Db, DbFile, DbOpener } from '../db.ts';
import { quoteIdent } from '../db.ts';
import { CheckFailedError, isOutOfMemory, MigrateError, oneLine, OutOfMemoryError, StepFailedError } from '../errors.ts';
import { printable } from '../printable.ts';
import { tableNames } from '../schema/introspect.ts';
import { plan, run, type Chain, type Direction, type Plan, type RunOptions, type RunResult } from './runner.ts';
import { sniffSqlite } from './sniff.ts';
import { missingModuleError } from './sqlite-modules.ts';
import { VERSION_TABLE } from './version-table.ts';

export interface TableCount {
  readonly name: string;
  readonly rows: number;
}

export interface Inspection {
  readonly sizeBytes: number;
  /** Revisions recorded in alembic_version ([] at base or without the table). */
  readonly revisions: readonly string[];
  readonly hasVersionTable: boolean;
  /** Which Entropy release wrote the file, in words ("0.15.0", "0.1.x or earlier"). */
  readonly entropyRelease: string;
  readonly tables: readonly TableCount[];
  readonly head: string | null;
  readonly atHead: boolean;
  /** The upgrade to head, step by step, with warnings. */
  readonly plan: Plan;
  readonly notes: readonly string[];
}

export interface CheckReport {
  readonly integrity: 'ok';
  /** Violations the input already had (never more). */
  readonly foreignKeyViolations: number;
  /** Rows that point at a table the run dropped, as Entropy's downgrades leave them. */
  readonly orphanedRows: number;
}

const ENTROPY_MARKER_TABLE = 'Experiments';

/** A private, checked copy of a database, open, and what was noticed opening it. */
export interface OpenedCopy {
  readonly db: DbFile;
  readonly notes: readonly string[];
}

/**
 * Opens a checked private copy of an Entropy database (or an empty one): every caller, from
 * `current` to the page, must refuse a damaged or foreign file before reading anything from
 * it. WAL-mode files are opened as rollback-journal files.
 */
export function openCopy(open: DbOpener, bytes: Uint8Array): OpenedCopy {
  const header = sniffSqlite(bytes);
  const notes: string[] = [];
  let copy = bytes;
  if (header.wal) {
    // A lone WAL-mode file (no -wal beside it) holds every committed change; switching the
    // header to rollback mode lets SQLite open it without shared memory. Only the copy changes.
    copy = bytes.slice();
    copy[18] = 1;
    copy[19] = 1;
    notes.push('The file was in write-ahead-log (WAL) mode. If an entropy.db-wal file lies beside it, close Entropy first so that its changes are written into entropy.db, then open it again.');
  }
  const db = openSafely(open, copy);
  try {
    quickCheck(db);
    assertEntropy(db);
    return { db, notes };
  } catch (error) {
    db.close();
    throw error;
  }
}

function openSafely(open: DbOpener, bytes: Uint8Array): DbFile {
  try {
    return open(bytes);
  } catch (error) {
    throw classifySqliteError(error);
  }
}

/**
 * Maps SQLite's own messages for broken files onto the engine's codes. sql.js reports every
 * SQLite failure as a plain Error; anything else (a TypeError, a wasm trap) is a bug in this
 * code or in SQLite, and is passed on as it is rather than blamed on the user's file.
 */
export function classifySqliteError(error: unknown): unknown {
  if (error instanceof MigrateError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isOutOfMemory(error)) return new OutOfMemoryError(message);
  if (!(error instanceof Error) || error.constructor !== Error) return error;
  const missingModule = missingModuleError(message);
  if (missingModule) return missingModule;
  if (/not a database|file is encrypted/i.test(message)) {
    return new MigrateError('NOT_SQLITE', 'This file is not a readable SQLite database: its first page is not what SQLite writes. Choose the entropy.db inside your project\'s .entropy folder.', { detail: message });
  }
  return new MigrateError('DAMAGED', `The database is damaged (SQLite says: ${oneLine(message)}), so it is not upgraded. Use a backup copy of entropy.db.`, { detail: message });
}

/**
 * The checks report a page they could not load with SQLite's result code; 7 is SQLITE_NOMEM,
 * which says nothing about the file and everything about the memory available.
 */
function ranOutOfMemory(finding: string): boolean {
  return isOutOfMemory(finding) || /error code=7\b/.test(finding);
}

/** A check's finding as one line, without its "*** in database main ***" banner. */
function firstFinding(text: string): string {
  return oneLine(text.replace(/\*\*\* in database \w+ \*\*\*/g, ' '));
}

/** What a check pragma (quick_check, integrity_check) found, as one line; null when it says only "ok". */
function findingsOf(db: Db, pragma: string): string | null {
  const rows = db.query(pragma).map((r) => String(Object.values(r)[0]));
  return rows.length === 1 && rows[0] === 'ok' ? null : rows.map(firstFinding).join('; ');
}

function damaged(finding: string): MigrateError {
  return new MigrateError('DAMAGED', `The database is damaged, so it is not upgraded (SQLite's check found: ${finding}). Use a backup copy of entropy.db.`, { detail: finding });
}

function quickCheck(db: Db): void {
  let finding: string | null;
  try {
    finding = findingsOf(db, 'PRAGMA quick_check(1)');
    // Reading the schema is what fails on a damaged sqlite_master; make it happen here.
    tableNames(db);
  } catch (error) {
    throw classifySqliteError(error);
  }
  if (finding === null) return;
  if (ranOutOfMemory(finding)) throw new OutOfMemoryError(finding);
  throw damaged(finding);
}

/** Refuses SQLite files that are not Entropy's (other tables, no Entropy marks). */
function assertEntropy(db: Db): void {
  const names = tableNames(db);
  if (names.length && !names.includes(VERSION_TABLE) && !names.includes(ENTROPY_MARKER_TABLE)) {
    throw new MigrateError(
      'NOT_ENTROPY',
      `This is a SQLite database, but not Entropy's: it has none of Entropy's tables (it has ${names.slice(0, 5).map((n) => printable(n, 40)).join(', ')}${names.length > 5 ? ', ...' : ''}).`,
      { tables: names },
    );
  }
}

export function releaseOf(chain: Chain, db: Db, revisions: readonly string[]): string {
  const names = tableNames(db);
  if (!names.includes(VERSION_TABLE)) return names.length ? '0.1.x or earlier' : 'none yet (the database is empty)';
  if (!revisions.length) return 'none (the database is at base)';
  return revisions.map((r) => chain.get(r).entropyRelease ?? `a revision after Entropy's (${r})`).join(', ');
}

export function countRows(db: Db): TableCount[] {
  return tableNames(db).map((name) => ({
    name,
    rows: Number(db.query(`SELECT count(*) AS n FROM ${quoteIdent(name)}`)[0]!.n),
  }));
}

/**
 * What an opened copy (from openCopy) holds and what an upgrade to head would do; for callers
 * that read more from the same copy before closing it (the page's SQL preview).
 */
export function inspectDb(db: Db, chain: Chain, sizeBytes: number, notes: readonly string[] = []): Inspection {
  try {
    const thePlan = plan(db, chain, 'upgrade', 'heads');
    const revisions = thePlan.from;
    const hasVersionTable = tableNames(db).includes(VERSION_TABLE);
    return {
      sizeBytes,
      revisions,
      hasVersionTable,
      entropyRelease: releaseOf(chain, db, revisions),
      tables: countRows(db),
      head: chain.head,
      atHead: thePlan.steps.length === 0 && hasVersionTable,
      plan: thePlan,
      notes,
    };
  } catch (error) {
    throw classifySqliteError(error);
  }
}

export function inspectBytes(open: DbOpener, bytes: Uint8Array, chain: Chain): Inspection {
  const { db, notes } = openCopy(open, bytes);
  try {
    return inspectDb(db, chain, bytes.length, notes);
  } finally {
    db.close();
  }
}

/**
 * Foreign-key violations whose parent table still exists. Rows left pointing at a table that
 * a downgrade dropped (Entropy's own downgrades leave Nodes_new behind this way) are what
 * Entropy's Alembic produces too, so they are reported, not refused.
 */
export function foreignKeyViolations(db: Db): { real: number; orphaned: number } {
  const tables = new Set(tableNames(db));
  const rows = db.query('SELECT "table", parent FROM pragma_foreign_key_check');
  const orphaned = rows.filter((r) => !tables.has(String(r.parent))).length;
  return { real: rows.length - orphaned, orphaned };
}

/** integrity_check must say ok, and the run must not add foreign-key violations. */
export function checkResult(db: Db, before: { real: number }): CheckReport {
  const findings = findingsOf(db, 'PRAGMA integrity_check(5)');
  if (findings !== null) {
    if (ranOutOfMemory(findings)) throw new OutOfMemoryError(findings);
    throw new CheckFailedError('integrity_check', findings);
  }
  const after = foreignKeyViolations(db);
  if (after.real > before.real) {
    throw new CheckFailedError('foreign_key_check', `${after.real - before.real} new foreign-key violation(s)`);
  }
  return { integrity: 'ok', foreignKeyViolations: after.real, orphanedRows: after.orphaned };
}

/**
 * quick_check before the run skips what only the full check sees (index entries that do
 * not match their rows, NOT NULL columns holding NULL). When a step or the final check then
 * fails, the full check on the untouched input tells whether the file was damaged already,
 * which is what the user needs to hear, rather than that the upgrade broke it.
 */
export function damageFoundLater(open: DbOpener, bytes: Uint8Array): MigrateError | null {
  let db: DbFile | null = null;
  try {
    db = open(bytes);
    const finding = findingsOf(db, 'PRAGMA integrity_check(3)');
    return finding === null || ranOutOfMemory(finding) ? null : damaged(finding);
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

export interface MigrateOptions extends RunOptions {
  readonly direction: Direction;
  /** Any target Alembic accepts; default "head" for upgrades. */
  readonly target?: string;
}

export interface MigrateOutcome {
  readonly bytes: Uint8Array;
  readonly result: RunResult;
  readonly before: readonly TableCount[];
  readonly after: readonly TableCount[];
  readonly checks: CheckReport;
  readonly notes: readonly string[];
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

/** Upgrades or downgrades a private copy of the input; returns the new file's bytes. */
export function migrateBytes(open: DbOpener, input: Uint8Array | InputSource, chain: Chain, options: MigrateOptions): MigrateOutcome {
  const source: InputSource = input instanceof Uint8Array ? { take: () => input, again: () => input } : input;
  return migrateCopy(open, openCopy(open, source.take()), () => source.again(), chain, options);
}

/**
 * The same on a copy that openCopy opened and checked, and that nothing has written to
 * since: for callers that inspected the copy first (the page keeps the copy it showed the
 * plan of, so the run neither reads nor checks the file a second time). Closes the copy.
 * `untouched` gives the input again for the after-failure check, or null.
 */
export function migrateCopy(
  open: DbOpener,
  copy: OpenedCopy,
  untouched: () => Uint8Array | null,
  chain: Chain,
  options: MigrateOptions,
): MigrateOutcome {
  const { db, notes } = copy;
  try {
    const target = options.target ?? (options.direction === 'upgrade' ? 'heads' : 'base');
    const thePlan = plan(db, chain, options.direction, target);
    const before = countRows(db);
    const violationsBefore = foreignKeyViolations(db);
    const result = run(db, chain, thePlan, options);
    const checks = checkResult(db, violationsBefore);
    return { bytes: db.export(), result, before, after: countRows(db), checks, notes };
  } catch (error) {
    const classified = classifySqliteError(error);
    if (classified instanceof StepFailedError || classified instanceof CheckFailedError) {
      const input = untouched();
      throw (input && damageFoundLater(open, input)) || classified;
    }
    throw classified;
  } finally {
    db.close();
  }
}
