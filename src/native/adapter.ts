/**
 * Native SQLite (better-sqlite3) behind the engine's Db interface, working on a file instead
 * of bytes in memory: the CLI copies the input to a work file beside its output, migrates that
 * copy in place and renames it into place, so memory stays flat whatever the database's size.
 *
 * better-sqlite3 is an optional dependency built from source on install; it is loaded only
 * when asked for (loadNativeSqlite), so a machine where it did not build still runs sql.js.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import type { DbFile, DbOpener, InputFacts, Row, SqlValue } from '../engine/index.ts';

type Database = BetterSqlite3.Database;
type DatabaseConstructor = typeof BetterSqlite3;

/**
 * What the sql.js adapter applies (src/sqljs/adapter.ts), and what better-sqlite3 compiles in
 * differently. trusted_schema and cell_size_check guard against hostile files. No rollback
 * journal: the work file is a private copy, deleted on any failure. foreign_keys OFF because
 * better-sqlite3 turns them on by default, while SQLite, sql.js and Entropy's Alembic
 * (pysqlite) leave them off: with them on, a table rebuild's DROP would cascade.
 */
const SESSION_PRAGMAS = [
  'PRAGMA trusted_schema = OFF',
  'PRAGMA cell_size_check = ON',
  'PRAGMA foreign_keys = OFF',
];

/**
 * For the work file (its memory map for read-only connections too). No sync during the run: the file is fsynced once, after its checks,
 * before it is renamed into place, so a crash before then leaves only a temporary file behind.
 * The temp store stays a file (SQLite's default): VACUUM's rebuilt copy would otherwise be
 * held in memory, as large as the database. It goes to $SQLITE_TMPDIR, else /var/tmp or /tmp.
 * A journal in memory instead of none would hold every page VACUUM rewrites: the whole file.
 * Reads through a memory map of the file's first 256 MiB: a quarter less CPU at 250 MB than a
 * read() per page (the checks and VACUUM read every page), and a bound on what it adds to the
 * process's resident memory (file pages the system can drop; SQLite still writes with write()).
 * Read-only connections (the input's check, made while the copy is written) map it too: their
 * quick_check takes a fifth less, and they are closed before the work file is read.
 * A whole-project run maps nothing (OpenOptions): the mapped pages count in the process's
 * resident memory (300 MB of 550 at 250 MB), and there the HDF5 move, not SQLite, takes the time.
 */
const MMAP_PRAGMA = `PRAGMA mmap_size = ${2 ** 28}`;
const WORK_FILE_PRAGMAS = ['PRAGMA synchronous = OFF', 'PRAGMA temp_store = FILE'];

/** How a file is opened. */
export interface OpenOptions {
  /** Read it through a memory map (faster; its pages count as the process's memory). Default true. */
  readonly map?: boolean;
}

const mapPragmas = (options: OpenOptions | undefined): string[] => (options?.map === false ? [] : [MMAP_PRAGMA]);

/**
 * better-sqlite3 opens connections in SQLite's defensive mode (sql.js does not), which keeps
 * a hostile schema from being written through writable_schema and the like, and also refuses
 * journal_mode = OFF. Defensive mode is lifted for that one pragma only.
 */
function turnJournalOff(db: Database): void {
  db.unsafeMode(true);
  try {
    db.exec('PRAGMA journal_mode = OFF');
  } finally {
    db.unsafeMode(false);
  }
}

type Bindable = number | bigint | string | Buffer | null;

/** better-sqlite3 binds Buffers, not other Uint8Arrays; a view over the same memory, no copy. */
function bindable(params: readonly SqlValue[]): Bindable[] {
  return params.map((value) =>
    value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : (value as Bindable),
  );
}

/**
 * SQLite's own failures as sql.js reports them, a plain Error with SQLite's message: the
 * engine tells a broken file (a plain Error) from a bug (any other class) by that, and
 * better-sqlite3 throws its own SqliteError class. Everything else passes unchanged.
 */
function asSqlJsReports<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof Error && error.name === 'SqliteError') throw Object.assign(new Error(error.message, { cause: error }), { code: (error as { code?: string }).code });
    throw error;
  }
}

/** A database file opened natively; writes go to the file itself. */
export class NativeDbFile implements DbFile {
  constructor(
    protected readonly db: Database,
    /** The file this connection works on. */
    readonly path: string,
  ) {}

  exec(sql: string): void {
    asSqlJsReports(() => this.db.exec(sql));
  }

  query(sql: string, params: readonly SqlValue[] = []): Row[] {
    return asSqlJsReports(() => {
      const statement = this.db.prepare(sql);
      // A statement that returns no rows (PRAGMA x = y) is run, as sql.js's query would.
      if (!statement.reader) {
        statement.run(...bindable(params));
        return [];
      }
      return statement.all(...bindable(params)) as Row[];
    });
  }

  run(sql: string, params: readonly SqlValue[] = []): number {
    return asSqlJsReports(() => {
      const statement = this.db.prepare(sql);
      if (statement.reader) {
        statement.all(...bindable(params));
        return 0;
      }
      return statement.run(...bindable(params)).changes;
    });
  }

  /**
   * The file's bytes as they are now (the journal is off, so the file is the database).
   * Reads the whole file into memory: for callers on the bytes path only, never the CLI's
   * native run, which renames the file instead.
   */
  export(): Uint8Array {
    return new Uint8Array(readFileSync(this.path));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** A thread running read-only queries beside the caller's (the CLI starts one: src/cli/check-thread.ts). */
export interface CheckThread {
  /**
   * Starts `sql` on a read-only connection to `path` in the thread; the function returned
   * waits for its rows (or throws what it threw). One query at a time.
   */
  query(path: string, sql: string, options?: OpenOptions): () => Row[];
  /** As query, for what an input held (rows per table, foreign-key findings: the engine's inputFacts). */
  facts(path: string, options?: OpenOptions): () => InputFacts;
  /** Ends the thread (at once, whatever it is doing). */
  close(): void;
}

export interface NativeSqlite {
  /**
   * Opens a private work file (a copy the caller made) for writing, as sql.js opens its copy
   * of the bytes, plus the work file's settings above.
   */
  openWork(path: string, options?: OpenOptions): DbFile;
  /** Opens a file read-only: SQLite writes nothing to it (no journal, no -wal, no -shm). */
  openReadOnly(path: string, options?: OpenOptions): DbFile;
  /** The engine's bytes opener on native SQLite (an in-memory database from the bytes, which are copied). */
  readonly opener: DbOpener;
  /** A thread for read-only queries beside this one (the CLI's check-thread.ts), where the caller can start one. */
  startCheckThread?(): CheckThread;
}

/** An in-memory database from serialized bytes, whose export() serializes it again. */
class NativeMemoryDb extends NativeDbFile {
  override export(): Uint8Array {
    return new Uint8Array(this.db.serialize());
  }
}

function nativeWith(Database: DatabaseConstructor): NativeSqlite {
  const prepared = (open: () => Database, pragmas: readonly string[], journalOff: boolean): Database =>
    asSqlJsReports(() => {
      const db = open();
      try {
        for (const pragma of pragmas) db.exec(pragma);
        if (journalOff) turnJournalOff(db);
        return db;
      } catch (error) {
        // The first pragma is where a damaged file fails.
        db.close();
        throw error;
      }
    });
  return {
    openWork: (path, options) =>
      new NativeDbFile(prepared(() => new Database(path, { fileMustExist: true }), [...SESSION_PRAGMAS, ...WORK_FILE_PRAGMAS, ...mapPragmas(options)], true), path),
    openReadOnly: (path, options) =>
      new NativeDbFile(prepared(() => new Database(path, { readonly: true, fileMustExist: true }), [...SESSION_PRAGMAS, ...mapPragmas(options)], false), path),
    opener: (bytes) =>
      new NativeMemoryDb(prepared(() => (bytes ? new Database(Buffer.from(bytes)) : new Database(':memory:')), [...SESSION_PRAGMAS, 'PRAGMA temp_store = MEMORY'], true), ':memory:'),
  };
}

/** Why the native module could not be loaded, for the note that says sql.js runs instead. */
export class NativeUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(`native SQLite (better-sqlite3) cannot be loaded: ${reason}`);
    this.name = 'NativeUnavailableError';
  }
}

/**
 * Loads better-sqlite3 and proves that its compiled part runs (the JavaScript loads even
 * where the addon is missing or built for another Node). `importer` is for tests.
 */
export async function loadNativeSqlite(
  importer: () => Promise<{ default: DatabaseConstructor }> = () => import('better-sqlite3'),
): Promise<NativeSqlite> {
  let Database: DatabaseConstructor;
  try {
    Database = (await importer()).default;
    new Database(':memory:').close();
  } catch (error) {
    throw new NativeUnavailableError(firstLine(error));
  }
  return nativeWith(Database);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}
