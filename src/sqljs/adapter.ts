/**
 * sql.js behind the engine's Db interface. Shared by the Node and browser loaders, which
 * differ only in where the wasm file comes from.
 */
import type { Database, SqlJsStatic, Statement } from 'sql.js';
import type { DbFile, DbOpener, Row, SqlValue } from '../engine/index.ts';
import { canReleaseBytes, releaseBytes } from '../engine/release-bytes.ts';
import { memfsInput } from './memfs-input.ts';

/**
 * sql.js hands text over as a C string decoded by a TextDecoder, which ends it at its first
 * NUL and drops a leading byte order mark. SQLite holds both, and native SQLite's driver and
 * Python's sqlite3 give them, so a label "a\0b" or "\ufeffx" would reach the HDF5 files
 * changed on sql.js alone. Its bytes are decoded here instead, as those drivers do (an
 * invalid sequence becomes U+FFFD).
 */
const wholeText = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Pragmas applied on every open. trusted_schema and cell_size_check guard against hostile
 * files. No rollback journal: every open is a private copy that is thrown away on failure
 * (the runner still issues ROLLBACK, but nothing relies on it), and a journal, even in
 * memory, cost a copy of every page VACUUM rewrites (3.9 s instead of 0.9 s on 271 MB) and
 * as much wasm heap. The temp store (VACUUM's rebuilt copy) lives in the wasm heap: as a
 * MEMFS file it would be regrown, and copied, an eighth at a time.
 */
const SESSION_PRAGMAS = [
  'PRAGMA trusted_schema = OFF',
  'PRAGMA cell_size_check = ON',
  'PRAGMA journal_mode = OFF',
  'PRAGMA temp_store = MEMORY',
];

/**
 * Settings of the connection, not the file, that reopening would lose: carried over as they
 * were (reopenWithRoom). Among them the runner's foreign_keys = OFF (sql.js opens with it on,
 * and a revision's table rebuild would then cascade deletes) and the memory budget's
 * max_page_count.
 */
const CONNECTION_PRAGMAS = ['foreign_keys', 'max_page_count', 'recursive_triggers', 'legacy_alter_table', 'ignore_check_constraints', 'automatic_index', 'secure_delete', 'cache_size'];

type BindParams = Parameters<Database['run']>[1];

/** A statement that is VACUUM alone, as the runner issues it. */
const VACUUM = /^\s*VACUUM\s*;?\s*$/i;

class SqlJsDb implements DbFile {
  /** Whether MEMFS keeps the file in storage of its exact size (a VACUUM shrank it): the next page appended copies it whole. */
  private inExactStorage = false;

  /**
   * @param storage the file's storage as this open handed it to MEMFS (memfs-input.ts), ours
   *   to free once MEMFS has let go of it; null for a new, empty database.
   */
  constructor(
    private readonly SQL: SqlJsStatic,
    private db: Database,
    private storage: Uint8Array | null,
  ) {
    this.applyPragmas();
  }

  private applyPragmas(): void {
    for (const pragma of SESSION_PRAGMAS) this.db.exec(pragma);
  }

  exec(sql: string): void {
    if (this.storage && VACUUM.test(sql)) this.vacuum(sql);
    else this.db.exec(sql);
  }

  /**
   * VACUUM, and the file's first storage freed if it shrank the file. SQLite truncates the
   * file then, and MEMFS moves a truncated file to new storage of its exact size, leaving the
   * old one (the file and its room) to the collector: in the page that was 267 MB of a 237 MB
   * project's database still counted through the whole HDF5 move. A file no smaller may
   * still be in that storage, which is then kept until close.
   */
  private vacuum(sql: string): void {
    const before = this.pageCount();
    this.db.exec(sql);
    if (this.pageCount() < before) {
      this.releaseStorage();
      this.inExactStorage = true;
    }
  }

  /** See Db.prepareToGrow, and reopenWithRoom. */
  prepareToGrow(): void {
    if (this.inExactStorage && canReleaseBytes()) this.reopenWithRoom();
  }

  /**
   * The shrunk file over storage of our own with room (memfs-input.ts), opened again. In
   * storage of its exact size, the first page appended after the VACUUM (the HDF5 move's
   * flags: a row that gained its column when a revision added it grows when it is set) made
   * MEMFS copy the whole file into new storage an eighth larger and leave the old to the
   * collector: 120 MB at the end of the page's project run, where its peak was, for the 237
   * MB project. Reopened before the move, that exact storage, which only MEMFS holds, goes
   * to the collector while the move runs. Only for a run that grows the database after its
   * revisions (prepareToGrow; it costs an export and a copy: the database alone would pay it
   * for nothing), and only where buffers can be freed at once: in Node 20 nothing is freed
   * before a collection, and reopening cost the CLI on sql.js 1.3 s and 120 MB more at its
   * peak (bench/results.md).
   */
  private reopenWithRoom(): void {
    // A temporary table or trigger lives in the connection and would go with it: kept as it is.
    if (this.value('SELECT count(*) FROM temp.sqlite_master') !== 0) return;
    const settings = CONNECTION_PRAGMAS.map((name) => [name, this.value(`PRAGMA ${name}`)] as const);
    const bytes = this.db.export();
    this.db.close();
    const file = memfsInput(bytes);
    releaseBytes(bytes);
    this.db = new this.SQL.Database(file);
    this.storage = file.storage;
    this.inExactStorage = false;
    this.applyPragmas();
    for (const [name, value] of settings) this.db.exec(`PRAGMA ${name} = ${Number(value)}`);
  }

  private value(sql: string): SqlValue {
    return this.db.exec(sql)[0]!.values[0]![0] as SqlValue;
  }

  private pageCount(): number {
    return Number(this.value('PRAGMA page_count'));
  }

  private releaseStorage(): void {
    if (this.storage) releaseBytes(this.storage);
    this.storage = null;
  }

  query(sql: string, params: readonly SqlValue[] = []): Row[] {
    const statement = this.db.prepare(sql);
    try {
      if (params.length) statement.bind(params as BindParams);
      const names = statement.getColumnNames();
      const rows: Row[] = [];
      while (statement.step()) {
        const row = statement.getAsObject() as Row;
        // Text taken again as SQLite holds it, all of its bytes (see wholeText).
        names.forEach((name, i) => {
          if (typeof row[name] === 'string') row[name] = wholeText.decode((statement as Statement & { getBlob(column: number): Uint8Array }).getBlob(i));
        });
        rows.push(row);
      }
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
    // Older sql.js releases closed and reopened the database to export it, which reset every
    // pragma; 1.16 copies it with the backup API. Setting them again costs nothing.
    this.applyPragmas();
    return bytes;
  }

  close(): void {
    this.db.close();
    // Closed, the file is unlinked: nothing in MEMFS reads its storage any more.
    this.releaseStorage();
  }
}

/**
 * Loads sql.js once (per process or worker) and keeps the promise, so every call after the
 * first reuses the same module. A failed load (e.g. the wasm file missing from a half-copied
 * site) is not kept: the next call tries again.
 */
export function loadOnce(init: () => Promise<SqlJsStatic>): () => Promise<DbOpener> {
  let loading: Promise<DbOpener> | null = null;
  return () => {
    loading ??= init()
      .then(openerFor)
      .catch((error: unknown) => {
        loading = null;
        throw error;
      });
    return loading;
  };
}

function openerFor(SQL: SqlJsStatic): DbOpener {
  return (bytes) => {
    const file = bytes ? memfsInput(bytes) : null;
    const db = new SQL.Database(file ?? undefined);
    try {
      return new SqlJsDb(SQL, db, file?.storage ?? null);
    } catch (error) {
      // The first pragma is where a damaged file fails; an unclosed connection would keep its
      // in-memory file (and the room behind it) for the life of the worker or process.
      db.close();
      throw error;
    }
  };
}
