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
import { asMigrateError, countingMeter, isOutOfMemory, megabytesInWords as shown, MigrateError, OutOfMemoryError, useMemoryMeter, type DbBudget } from '../engine/index.ts';

export const PAGE_MEMORY_BUDGET: Readonly<Pick<DbBudget, 'megabytes' | 'growthMegabytes'>> = { megabytes: 2048, growthMegabytes: 512 };

/**
 * The budget for buffers and HDF5's wasm heap too, which SQLite's limit does not see: a tab
 * cannot tell how much memory it holds, so each big allocation (a value, an HDF5 file) is
 * held to the budget on its own, and one a tab could never hold is refused in a sentence
 * before it is tried. Returns what undoes it.
 */
export function meterThePageBudget(budget: DbBudget): () => void {
  return useMemoryMeter(countingMeter(budget.megabytes * 1024 ** 2, () => (budget.hit = true)));
}

/**
 * An out-of-memory refusal as the page says it: a hit of the budget names the page's limits;
 * the engine's own sentence (the tab itself ran short) says what to do in a browser.
 * Other errors, and the page's refusals that say already what to do, pass as they are.
 */
export function overPageBudget(budget: DbBudget, error: unknown): unknown {
  if (!isOutOfMemory(error)) return error;
  const detail = error instanceof MigrateError ? String(error.data.detail ?? error.message) : String(error);
  if (!budget.hit) {
    if (error instanceof MigrateError && !(error instanceof OutOfMemoryError)) return error;
    const engine = asMigrateError(error);
    return new MigrateError('OUT_OF_MEMORY', `${engine.message} Close other tabs and try again, or use the command-line tool entropy-migrate on a computer with more memory.`, engine.data);
  }
  const growth = budget.growthMegabytes ?? budget.megabytes;
  return new MigrateError(
    'OUT_OF_MEMORY',
    `The run needed more memory than this page allows (the database may grow by ${shown(growth)} past twice its size, SQLite may use ${shown(budget.megabytes)}); nothing was written. If the database really needs more, use the command-line tool entropy-migrate with a higher --memory-limit.`,
    { detail, limitMegabytes: budget.megabytes, growthMegabytes: growth },
  );
}
