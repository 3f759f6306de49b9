/**
 * The page's memory budget for a run: the same bounds as the command line's (the engine's
 * budgetedOpener, src/engine/memory-budget.ts), so that a file made to grow without end (a
 * trigger inserting gigabytes of zeroblobs) ends in a sentence within seconds instead of
 * growing the tab until the browser kills it.
 *
 * The numbers, and why they differ from the command line's single 2 GB:
 * - SQLite's heap: 2 GB, as the command line's default. In the tab that is also the ceiling
 *   of sql.js's wasm memory, and no lower: VACUUM's rebuilt copy lives there and is as large
 *   as the file (up to the page's 1 GB, LARGEST_FILE_BYTES), and the limit, one for the whole
 *   module, can only be lowered, so it cannot follow each file's size.
 * - Growth: twice the file plus 512 MB, not plus 2 GB. sql.js keeps the database file in the
 *   tab's JavaScript memory (MEMFS), which grows it an eighth at a time, copying it whole
 *   each time, beside the input and the output the page holds. Measured with
 *   zeroblobTriggerDb through sql.js: a 2 GB allowance took 27 s and 4.3 GB of memory to
 *   refuse, 1 GB 15 s and 2.2 GB, 512 MB 9 s and 1.2 GB; a tab at 1 GB files already peaks
 *   at 3 GB (bench/results.md), so only the smallest keeps a hostile file within what a tab
 *   holds. No migration comes near it: a rebuild at most doubles a table, which the "twice
 *   the file" covers.
 */
import { isOutOfMemory, megabytesInWords as shown, MigrateError, type DbBudget } from '../engine/index.ts';

export const PAGE_MEMORY_BUDGET: Readonly<Pick<DbBudget, 'megabytes' | 'growthMegabytes'>> = { megabytes: 2048, growthMegabytes: 512 };

/**
 * The sentence for a run that hit the budget: the error as it is otherwise (an allocation that
 * failed with room left is the computer's memory, and the engine's sentence says so).
 */
export function overPageBudget(budget: DbBudget, error: unknown): unknown {
  if (!budget.hit || !isOutOfMemory(error)) return error;
  const growth = budget.growthMegabytes ?? budget.megabytes;
  return new MigrateError(
    'OUT_OF_MEMORY',
    `The run needed more memory than this page allows (the database may grow by ${shown(growth)} past twice its size, SQLite may use ${shown(budget.megabytes)}); nothing was written. If the database really needs more, use the command-line tool entropy-migrate with a higher --memory-limit.`,
    { detail: error instanceof MigrateError ? String(error.data.detail ?? error.message) : String(error), limitMegabytes: budget.megabytes, growthMegabytes: growth },
  );
}
