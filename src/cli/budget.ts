/**
 * A run's memory budget on the command line: a limit the run refuses to pass, with a sentence,
 * instead of growing until the kernel kills the process (a trigger that inserts 4 GB of
 * zeroblobs, a loop that builds a huge value). One number, three bounds:
 * - the worker's JavaScript heap (worker-run.ts gives it as the worker's resourceLimits);
 * - SQLite's own heap and how large the database may grow during the run (twice its size
 *   plus the budget), as the engine's budgetedOpener applies them (src/engine/memory-budget.ts;
 *   the page's worker uses the same).
 *
 * Default 2 GiB: more than any Entropy database seen needs (a table rebuild of a 1 GB
 * database stays within it), and no more than a laptop can spare.
 * `--memory-limit SIZE` or ENTROPY_MIGRATE_MEMORY_LIMIT change it (SIZE: MB, or 512M, 4G).
 */
import { statSync } from 'node:fs';
import { budgetedDb, budgetedOpener, megabytesInWords as shown, MigrateError, type DbBudget } from '../engine/index.ts';
import type { NativeSqlite } from '../native/adapter.ts';
import { UsageError } from './errors.ts';
import { DEFAULT_MEMORY_LIMIT_MB, megabytesIn, MEMORY_LIMIT_ENV, MIN_MEMORY_LIMIT_MB } from './budget-size.ts';

export { DEFAULT_MEMORY_LIMIT_MB, MEMORY_LIMIT_ENV } from './budget-size.ts';

export interface MemoryBudget extends DbBudget {
  /** Where the number came from, for the sentence. */
  readonly from: 'default' | 'option' | 'environment';
}

function megabytesOf(text: string, what: string): number {
  const value = megabytesIn(text);
  if (value === null) throw new UsageError(`${what} takes a size of at least ${MIN_MEMORY_LIMIT_MB} MB, such as 512M or 4G.`);
  return value;
}

/** The budget from --memory-limit, else the environment, else the default. */
export function memoryBudget(option: string | undefined, env: NodeJS.ProcessEnv = process.env): MemoryBudget {
  if (option !== undefined) return { megabytes: megabytesOf(option, '--memory-limit'), from: 'option', hit: false };
  const fromEnv = env[MEMORY_LIMIT_ENV];
  if (fromEnv) return { megabytes: megabytesOf(fromEnv, MEMORY_LIMIT_ENV), from: 'environment', hit: false };
  return { megabytes: DEFAULT_MEMORY_LIMIT_MB, from: 'default', hit: false };
}

/** The sentence for a run that went past its budget. */
export function overBudget(budget: MemoryBudget, detail: string): MigrateError {
  const how = budget.from === 'environment' ? `set by ${MEMORY_LIMIT_ENV}` : budget.from === 'option' ? 'set by --memory-limit' : 'the default';
  return new MigrateError(
    'OUT_OF_MEMORY',
    `The run needed more than its memory limit of ${shown(budget.megabytes)} (${how}); nothing was written. If the database really needs more, run again with a higher --memory-limit.`,
    { detail, limitMegabytes: budget.megabytes },
  );
}

/** Native SQLite whose work files and in-memory databases keep to the budget. */
export function budgetedNative(native: NativeSqlite, budget: MemoryBudget): NativeSqlite {
  return {
    openWork: (path) => budgetedDb(native.openWork(path), statSync(path).size, budget),
    openReadOnly: (path) => native.openReadOnly(path),
    opener: budgetedOpener(native.opener, budget),
    ...(native.startCheckThread ? { startCheckThread: () => native.startCheckThread!() } : {}),
  };
}
