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
}

/** A database opened from bytes (always a private copy) that can be exported and closed. */
export interface DbFile extends Db {
  /** The database file's bytes as they are now. */
  export(): Uint8Array;
  close(): void;
}

/** Opens a private copy of database bytes; the caller's buffer is never written to. */
export type DbOpener = (bytes: Uint8Array | null) => DbFile;

/** Quotes an identifier for SQL text we build ourselves (not the SQLAlchemy-style DDL). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
