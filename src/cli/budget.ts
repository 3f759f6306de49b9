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
import { readFileSync, statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { budgetedDb, budgetedOpener, budgetMeter, megabytesInWords as shown, MigrateError, useMemoryMeter, type DbBudget } from '../engine/index.ts';
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

/**
 * What the process holds before any work, which the limit does not count: Node itself, this
 * tool's code and SQLite's and HDF5's libraries. Measured at 120 MB (native SQLite) to 190 MB
 * (sql.js) peak for a small project; the README documents this figure.
 */
export const RUNTIME_OVERHEAD_MB = 256;

/**
 * The budget for everything else too: buffers and the wasm heaps (HDF5's grows and never
 * shrinks), which neither V8's nor SQLite's limit sees. Code about to hold something big asks
 * the meter first (src/engine/memory-meter.ts), which compares the process's resident memory
 * plus the request with the limit plus RUNTIME_OVERHEAD_MB. Returns what undoes it.
 */
export function meterTheBudget(budget: MemoryBudget): () => void {
  return useMemoryMeter(budgetMeter(budget, memoryInUse, RUNTIME_OVERHEAD_MB * 1024 ** 2, collectGarbage()));
}

/**
 * V8's collector, asked for by name: big buffers a run let go of (a file's bytes once
 * written) stay resident until it runs, and they must not count against the budget.
 */
function collectGarbage(): () => void {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as (() => void) | undefined;
    if (typeof gc === 'function') return gc;
  } catch {
    // A runtime without the flag: refusals then count what is not yet collected too.
  }
  return () => {};
}

/**
 * The process's memory: on Linux its anonymous resident memory (RssAnon), which leaves out
 * the pages of files it maps (SQLite maps the database it reads; the kernel drops those pages
 * when it needs them); elsewhere its resident set size.
 */
function memoryInUse(): number {
  try {
    const kb = /^RssAnon:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'latin1'))?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // Not Linux: the resident set size, mapped files and all.
  }
  return process.memoryUsage.rss();
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

/**
 * An out-of-memory refusal as the command line says it: past the budget, which limit and how
 * to raise it; otherwise (the computer itself ran short) the engine's sentence and what to do.
 */
export function inCliWords(error: MigrateError, budget: MemoryBudget | null): MigrateError {
  if (error.code !== 'OUT_OF_MEMORY') return error;
  const detail = String(error.data.detail ?? error.message);
  if (budget?.hit) return overBudget(budget, detail);
  // A size known in advance over sql.js's fixed limit: no freed memory would help, native SQLite does.
  const advice = error.data.limitBytes !== undefined
    ? 'Native SQLite (--engine native, the default where it loads) works on the file instead of holding it in memory.'
    : 'Close other programs and try again, or run it on a computer with more memory.';
  return new MigrateError('OUT_OF_MEMORY', `${error.message} ${advice}`, error.data);
}

/** Native SQLite whose work files and in-memory databases keep to the budget. */
export function budgetedNative(native: NativeSqlite, budget: MemoryBudget): NativeSqlite {
  return {
    openWork: (path, options) => budgetedDb(native.openWork(path, options), statSync(path).size, budget),
    openReadOnly: (path, options) => native.openReadOnly(path, options),
    opener: budgetedOpener(native.opener, budget),
    ...(native.startCheckThread ? { startCheckThread: () => native.startCheckThread!() } : {}),
  };
}
