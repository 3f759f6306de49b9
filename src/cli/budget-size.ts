/**
 * The memory budget's number, as --memory-limit and ENTROPY_MIGRATE_MEMORY_LIMIT write it
 * (MB, or 512M, 4G). Without the rest of budget.ts, so that the entry point can size the
 * run's worker before the CLI loads (bin.ts).
 */
export const MEMORY_LIMIT_ENV = 'ENTROPY_MIGRATE_MEMORY_LIMIT';
export const DEFAULT_MEMORY_LIMIT_MB = 2048;
/** Below this the worker cannot even load the engine. */
export const MIN_MEMORY_LIMIT_MB = 32;

const UNITS: Record<string, number> = { '': 1, M: 1, MB: 1, MIB: 1, G: 1024, GB: 1024, GIB: 1024 };

/** The size in MB; null when it is not a size of at least MIN_MEMORY_LIMIT_MB. */
export function megabytesIn(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[match[2]!.toUpperCase()] : undefined;
  const value = match && unit !== undefined ? Math.floor(Number(match[1]) * unit) : NaN;
  return Number.isFinite(value) && value >= MIN_MEMORY_LIMIT_MB ? value : null;
}

/** The budget's megabytes from the option, else the environment, else the default; null when one is not a size. */
export function budgetMegabytes(option: string | undefined, env: NodeJS.ProcessEnv = process.env): number | null {
  if (option !== undefined) return megabytesIn(option);
  const fromEnv = env[MEMORY_LIMIT_ENV];
  return fromEnv ? megabytesIn(fromEnv) : DEFAULT_MEMORY_LIMIT_MB;
}
