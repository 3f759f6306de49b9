/**
 * The checks a run is judged by, as parts: what the input held before (rows per table, the
 * foreign-key findings) and what SQLite's checks say of the result (integrity_check, the
 * foreign keys again, the rows after). A run makes them one after the other on its own
 * connection (checkHere); a source may make them elsewhere, side by side (DbSource.before and
 * DbSource.checkResult: the CLI counts on the input while it copies it, and checks the result
 * on separate read-only connections on two threads). The verdict is the same either way:
 * resultReport turns the parts into it.
 */
import type { Db, DbFile, Row } from '../db.ts';
import { CheckFailedError } from '../errors.ts';
import { isOutOfMemory, OutOfMemoryError } from '../out-of-memory.ts';
import { oneLine } from '../printable.ts';
import { quoteIdent } from '../db.ts';
import { tableNames } from '../schema/introspect.ts';
import { foreignKeyViolations, type ForeignKeyFindings, type UncheckedForeignKey } from './foreign-key-check.ts';

export interface TableCount {
  readonly name: string;
  readonly rows: number;
}

export interface CheckReport {
  readonly integrity: 'ok';
  /** Violations the input already had (never more). */
  readonly foreignKeyViolations: number;
  /** Rows that point at a table the run dropped, as some projects' downgrades leave them. */
  readonly orphanedRows: number;
  /** Foreign keys SQLite cannot check (parent columns not unique), left out of the count. */
  readonly uncheckedForeignKeys: readonly UncheckedForeignKey[];
  /**
   * What the run wrote into the project's files and read back equal, by kind ('results': 301);
   * {} when it wrote none (see ReadBackCount).
   */
  readonly readBack: Readonly<Record<string, number>>;
}

/** What a run compares its result with: the input's rows per table and foreign-key findings. */
export interface InputFacts {
  readonly tables: readonly TableCount[];
  readonly foreignKeys: ForeignKeyFindings;
}

/** The checks on a result, and its rows per table. */
export interface CheckedResult {
  readonly checks: CheckReport;
  readonly after: readonly TableCount[];
}

/** The full check of a result; five findings are enough to name what is wrong. */
export const INTEGRITY_CHECK = 'PRAGMA integrity_check(5)';

export function countRows(db: Db): TableCount[] {
  return tableNames(db).map((name) => ({
    name,
    rows: Number(db.query(`SELECT count(*) AS n FROM ${quoteIdent(name)}`)[0]!.n),
  }));
}

/** The input's facts, read from a connection on it (or on an untouched copy of it). */
export function inputFacts(db: Db): InputFacts {
  return { tables: countRows(db), foreignKeys: foreignKeyViolations(db) };
}

/**
 * The checks report a page they could not load with SQLite's result code; 7 is SQLITE_NOMEM,
 * which says nothing about the file and everything about the memory available.
 */
export function ranOutOfMemory(finding: string): boolean {
  return isOutOfMemory(finding) || /error code=7\b/.test(finding);
}

/** A check's finding as one line, without its "*** in database main ***" banner. */
function firstFinding(text: string): string {
  return oneLine(text.replace(/\*\*\* in database \w+ \*\*\*/g, ' '));
}

/** What a check pragma's rows (quick_check, integrity_check) found, as one line; null when they say only "ok". */
export function findingsIn(rows: readonly Row[]): string | null {
  const lines = rows.map((r) => String(Object.values(r)[0]));
  return lines.length === 1 && lines[0] === 'ok' ? null : lines.map(firstFinding).join('; ');
}

export function findingsOf(db: Db, pragma: string): string | null {
  return findingsIn(db.query(pragma));
}

/**
 * integrity_check must say ok, and the run must not add foreign-key violations. `after` is
 * asked for only once integrity_check has passed (a thunk), or given when it was made beside it.
 */
export function resultReport(integrity: string | null, after: ForeignKeyFindings | (() => ForeignKeyFindings), before: { real: number }): CheckReport {
  if (integrity !== null) {
    if (ranOutOfMemory(integrity)) throw new OutOfMemoryError(integrity);
    throw new CheckFailedError('integrity_check', integrity);
  }
  const found = typeof after === 'function' ? after() : after;
  if (found.real > before.real) {
    throw new CheckFailedError('foreign_key_check', `${found.real - before.real} new foreign-key violation(s)`);
  }
  return { integrity: 'ok', foreignKeyViolations: found.real, orphanedRows: found.orphaned, uncheckedForeignKeys: found.unchecked, readBack: {} };
}

/** The checks on the run's own connection, one after the other. */
export function checkResult(db: Db, before: { real: number }): CheckReport {
  return resultReport(findingsOf(db, INTEGRITY_CHECK), () => foreignKeyViolations(db), before);
}

/** How a run checks its result when its source has no way of its own (DbSource.checkResult). */
export function checkHere(db: DbFile, before: ForeignKeyFindings): CheckedResult {
  return { checks: checkResult(db, before), after: countRows(db) };
}
