/**
 * Running out of memory, as the engine says it: a failed allocation (whatever the runtime
 * calls it) or a file known in advance to be too big. The sentence says only what happened;
 * what to do depends on where it ran, and the CLI and the page each add their own.
 */
import { MigrateError } from './errors.ts';
import { formatBytes } from './words.ts';

/**
 * The database does not fit in the memory this process may use: an allocation failed, or the
 * file is known in advance to be bigger than the limit (`sizeBytes` over `limitBytes`).
 */
export class OutOfMemoryError extends MigrateError {
  constructor(detail: string, sizeBytes?: number, limitBytes?: number) {
    const what =
      sizeBytes !== undefined && limitBytes !== undefined
        ? `This database is ${formatBytes(sizeBytes)}, more than can be held in memory here (at most ${formatBytes(limitBytes)})`
        : 'There is not enough memory to work on this database';
    super(
      'OUT_OF_MEMORY',
      // What to do about it depends on where it ran (a tab, a command with --memory-limit): each layer adds its advice.
      `${what}; nothing was written.`,
      { detail, ...(sizeBytes !== undefined ? { sizeBytes } : {}), ...(limitBytes !== undefined ? { limitBytes } : {}) },
    );
    this.name = 'OutOfMemoryError';
  }
}

/** What JavaScript engines, Emscripten and SQLite say when an allocation fails. */
const OUT_OF_MEMORY = /out of memory|Cannot enlarge memory|Array buffer allocation failed|Invalid array length|Invalid typed array length|Allocation failed|ERR_FS_FILE_TOO_LARGE/i;

export function isOutOfMemory(error: unknown): boolean {
  if (error instanceof MigrateError) return error.code === 'OUT_OF_MEMORY';
  const text = error instanceof Error ? `${(error as { code?: unknown }).code ?? ''} ${error.message}` : String(error);
  return OUT_OF_MEMORY.test(text);
}
