/**
 * A run's memory budget, as SQLite can keep it: a limit the run refuses to pass, instead of
 * growing until the process (or the browser tab) dies: a trigger that inserts gigabytes of
 * zeroblobs, a query that builds a huge value. The command line and the page's worker both
 * open databases through budgetedOpener; each puts its own words on a hit (errors by layer).
 *
 * Two bounds on every database opened:
 * - SQLite's own heap, where SQLite counts it: PRAGMA hard_heap_limit (sql.js counts; a native
 *   build without memory statistics ignores it, and keeps its page cache small anyway). The
 *   limit is one for the whole SQLite module and a pragma can only lower it, so it is the
 *   budget itself, the same for every database the process opens.
 * - how large the database may grow during the run: twice its size plus the budget's growth
 *   allowance (PRAGMA max_page_count). A table rebuild may double the largest table for a
 *   moment; anything past that is not a migration. For sql.js that is memory, for native
 *   SQLite disk.
 */
import type { DbFile, DbOpener } from './db.ts';
import { isOutOfMemory, OutOfMemoryError } from './out-of-memory.ts';
import { formatBytes } from './words.ts';

export interface DbBudget {
  /** SQLite's heap, and the growth allowance unless growthMegabytes says otherwise. */
  readonly megabytes: number;
  /** How much more than twice its size the database may grow; default `megabytes`. */
  readonly growthMegabytes?: number;
  /** Set when a bound of this budget was hit (an allocation failed, the database reached its size cap). */
  hit: boolean;
}

/** A budget's size as people write it: 2 GB, 512 MB. */
export const megabytesInWords = (mb: number): string => formatBytes(mb * 1024 ** 2);

/** The bounds a budget sets on a database of `size` bytes with pages of `pageSize` bytes. */
export function budgetBounds(size: number, pageSize: number, budget: Pick<DbBudget, 'megabytes' | 'growthMegabytes'>): { maxPages: number; heapBytes: number } {
  const growth = (budget.growthMegabytes ?? budget.megabytes) * 1024 ** 2;
  return { maxPages: Math.ceil((2 * size + growth) / pageSize), heapBytes: budget.megabytes * 1024 ** 2 };
}

/** Applies the budget's bounds to an open database of `size` bytes, and tells the budget when one is hit. */
export function budgetedDb(db: DbFile, size: number, budget: DbBudget): DbFile {
  const { exec, query, run } = db;
  const pageSize = Number(query.call(db, 'PRAGMA page_size')[0]?.page_size) || 4096;
  const { maxPages, heapBytes } = budgetBounds(size, pageSize, budget);
  const apply = () => {
    exec.call(db, `PRAGMA max_page_count = ${maxPages}`);
    exec.call(db, `PRAGMA hard_heap_limit = ${heapBytes}`);
  };
  // SQLite says "full" for a full disk too; only a database at its cap is over the budget.
  const atCap = () => {
    try {
      return Number(query.call(db, 'PRAGMA page_count')[0]?.page_count) >= maxPages - 1;
    } catch {
      return false;
    }
  };
  const guarded = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      if (isOutOfMemory(error)) budget.hit = true;
      else if (/database or disk is full/i.test(String((error as Error)?.message)) && atCap()) {
        budget.hit = true;
        throw new OutOfMemoryError(`the database reached ${maxPages} pages of ${pageSize} bytes`);
      }
      throw error;
    }
  };
  try {
    apply();
  } catch (error) {
    db.close();
    throw error;
  }
  const exported = db.export;
  return Object.assign(db, {
    exec: (sql: string) => guarded(() => exec.call(db, sql)),
    query: (sql: string, params?: Parameters<DbFile['query']>[1]) => guarded(() => query.call(db, sql, params)),
    run: (sql: string, params?: Parameters<DbFile['run']>[1]) => guarded(() => run.call(db, sql, params)),
    // sql.js reopens the database to export it, which resets every pragma.
    export: () => {
      const out = exported.call(db);
      apply();
      return out;
    },
  });
}

/** An opener whose databases keep to the budget. */
export function budgetedOpener(open: DbOpener, budget: DbBudget): DbOpener {
  return (bytes) => budgetedDb(open(bytes), bytes?.length ?? 0, budget);
}
