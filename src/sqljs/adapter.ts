/**
 * sql.js behind the engine's Db interface. Shared by the Node and browser loaders, which
 * differ only in where the wasm file comes from.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import type { DbFile, DbOpener, Row, SqlValue } from '../engine/index.ts';

/**
 * Pragmas applied on every open. trusted_schema and cell_size_check guard against hostile
 * files; the journal and temp store live in memory because the engine always works on a
 * private copy that is thrown away on failure, so an on-disk journal buys nothing.
 */
const SESSION_PRAGMAS = [
  'PRAGMA trusted_schema = OFF',
  'PRAGMA cell_size_check = ON',
  'PRAGMA journal_mode = MEMORY',
  'PRAGMA temp_store = MEMORY',
];

type BindParams = Parameters<Database['run']>[1];

export class SqlJsDb implements DbFile {
  constructor(private readonly db: Database) {
    this.applyPragmas();
  }

  private applyPragmas(): void {
    for (const pragma of SESSION_PRAGMAS) this.db.exec(pragma);
  }

  exec(sql: string): void {
    this.db.exec(sql);
  }

  query(sql: string, params: readonly SqlValue[] = []): Row[] {
    const statement = this.db.prepare(sql);
    try {
      if (params.length) statement.bind(params as BindParams);
      const rows: Row[] = [];
      while (statement.step()) rows.push(statement.getAsObject() as Row);
      return rows;
    } finally {
      statement.free();
    }
  }

  run(sql: string, params: readonly SqlValue[] = []): number {
    this.db.run(sql, params as BindParams);
    return this.db.getRowsModified();
  }

  export(): Uint8Array {
    const bytes = this.db.export();
    // sql.js closes and reopens the database to export it, which resets every pragma.
    this.applyPragmas();
    return bytes;
  }

  close(): void {
    this.db.close();
  }
}

/**
 * sql.js's MEMFS takes its private copy of the bytes with `.slice()`, which on a Node Buffer
 * is a view, not a copy: VACUUM would then write into the caller's buffer. Handing it a
 * plain Uint8Array view over the same memory makes `.slice()` copy, at no cost here.
 */
function plainView(bytes: Uint8Array): Uint8Array {
  return Object.getPrototypeOf(bytes) === Uint8Array.prototype
    ? bytes
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function openerFor(SQL: SqlJsStatic): DbOpener {
  return (bytes) => new SqlJsDb(new SQL.Database(bytes ? plainView(bytes) : undefined));
}
