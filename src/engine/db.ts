/**
 * The small database surface the engine needs. The engine never imports sql.js: adapters
 * (src/sqljs) implement this for the browser and for Node, and tests can use either.
 */

export type SqlValue = number | bigint | string | Uint8Array | null;
export type Row = Record<string, SqlValue>;

export interface Db {
  /** Runs one or more statements that return no rows. */
  exec(sql: string): void;
  /** Runs one statement and returns its rows as objects keyed by column name. */
  query(sql: string, params?: readonly SqlValue[]): Row[];
  /** Runs one statement with parameters; returns how many rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): number;
  /**
   * Said outside a transaction before work that adds to the database after its revisions (a
   * project's finishing: the HDF5 move flags every row it moves). A database held in memory
   * may move into storage with room to grow now, rather than be copied whole when it grows.
   */
  prepareToGrow?(): void;
}

/** A database opened from bytes (always a private copy) that can be exported and closed. */
export interface DbFile extends Db {
  /** The database file's bytes as they are now. */
  export(): Uint8Array;
  close(): void;
}

/** Opens a private copy of database bytes; the caller's buffer is never written to. */
export type DbOpener = (bytes: Uint8Array | null) => DbFile;

/**
 * Where a run's database comes from, for callers that do not hold it as bytes: the engine
 * checks the header from `head` and `size`, works on `openCopy`, and never reads the input
 * whole. bytesSource (runtime/open-copy.ts) makes one from bytes; an adapter on files
 * (the CLI's native SQLite) copies the file and opens the copy.
 */
export interface DbSource {
  /** The input's length in bytes. */
  readonly size: number;
  /** Its first bytes: the whole input, or at least its first 512 (the header, and a look at what else it may be). */
  readonly head: Uint8Array;
  /**
   * A private, writable copy of the input, opened. With `rollbackJournal` (the input's header
   * says write-ahead log), the copy's header says rollback journal instead (bytes 18 and 19 are
   * 1), so that SQLite opens it without shared memory; only the copy changes.
   */
  openCopy(rollbackJournal: boolean): DbFile;
  /**
   * True once the source has run checkInputIntact on the very bytes openCopy opens (a file
   * source does it on the input while its copy is being written, so that the two overlap and
   * the copy is not read through once more); openSource then leaves that check out.
   */
  readonly inputChecked?: boolean;
  /** The untouched input opened again (only read), for the after-failure check; null when it cannot be had. */
  openUntouched(): DbFile | null;
  /**
   * A copy of the database as it is now (between steps, outside a transaction), kept by the
   * caller outside memory, to be put at `path` (of the project folder); returns the caller's own
   * name for it (see FileChange 'place').
   * Without it, a revision's database copy is the bytes export() gives.
   */
  keepCopy?(db: DbFile, path: string): string;
  /**
   * What the input held (rows per table, foreign-key findings), when the source reads it from
   * the input itself (a file source, on a thread beside the run); the run then does not count
   * the copy before it starts, and takes the facts (waiting for them, or throwing what reading
   * them threw) only when its checks need them. Only for a copy byte for byte equal to the input.
   */
  readonly before?: (() => InputFacts) | null;
  /**
   * Checks the run's result as the source can best do it (the CLI: on separate read-only
   * connections, side by side on two threads); the verdict must be resultReport's. Without
   * it the run checks on its own connection, one check after the other (checkHere).
   */
  checkResult?(db: DbFile, before: ForeignKeyFindings): CheckedResult;
}

/** The checks' parts (runtime/result-checks.ts), for sources that make them themselves. */
import type { CheckedResult, InputFacts } from './runtime/result-checks.ts';
import type { ForeignKeyFindings } from './runtime/foreign-key-check.ts';

/** Quotes an identifier for SQL text we build ourselves (not the SQLAlchemy-style DDL). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
