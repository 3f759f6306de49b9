/**
 * The run's memory budget for what neither SQLite's heap limit nor V8's heap limit sees:
 * buffers (a decoded 500 MB array, an HDF5 file being built) and wasm heaps (h5wasm's grows
 * and never shrinks). Code about to make something big asks `memoryMeter().need(bytes, what)`
 * first; over the budget, that throws OutOfMemoryError and marks the budget hit, so the run
 * stops with its one sentence before allocating, and nothing is written.
 *
 * One meter per process (or worker), like SQLite's heap limit: the CLI and the page's worker
 * set it from their budget at start; without one, nothing is refused (tests, tools).
 */
import type { DbBudget } from './memory-budget.ts';
import { OutOfMemoryError } from './out-of-memory.ts';

export interface MemoryMeter {
  /** Throws OutOfMemoryError when `bytes` more, for `what`, would pass the budget. */
  need(bytes: number, what: string): void;
}

/** How much memory the process holds now, in bytes (the CLI: resident set size). */
export type MemoryInUse = () => number;

const UNLIMITED: MemoryMeter = { need() {} };
let current: MemoryMeter = UNLIMITED;

/** The process's meter (unlimited until one is set). */
export function memoryMeter(): MemoryMeter {
  return current;
}

/** Sets the process's meter; returns a function that puts the previous one back. */
export function useMemoryMeter(meter: MemoryMeter): () => void {
  const previous = current;
  current = meter;
  return () => {
    current = previous;
  };
}

const MB = 1024 ** 2;
/** Allocations from this size on are preceded by a collection (a few milliseconds on a small heap). */
const COLLECT_BEFORE_BYTES = 64 * MB;

/**
 * A meter that keeps what the process holds (`inUse`) plus what is asked for under the
 * budget's megabytes plus `overheadBytes` (the runtime and its code, present before any work).
 * `collect` runs the garbage collector where the runtime lets it, before a refusal.
 */
export function budgetMeter(budget: DbBudget, inUse: MemoryInUse, overheadBytes: number, collect: () => void = () => {}): MemoryMeter {
  const limit = budget.megabytes * MB + overheadBytes;
  return {
    need(bytes, what) {
      // Before a big allocation, garbage goes first (a file's bytes once written, a blob's copy):
      // the collector would wait, and the process would hold both at its peak.
      if (bytes >= COLLECT_BEFORE_BYTES) collect();
      let now = inUse();
      if (now + bytes <= limit) return;
      // Part of it may be garbage not yet collected: collect, look again.
      collect();
      now = inUse();
      if (now + bytes <= limit) return;
      budget.hit = true;
      throw new OutOfMemoryError(`${what} needs ${Math.ceil(bytes / MB)} MB more, with ${Math.ceil(now / MB)} MB in use of at most ${Math.round(limit / MB)} MB`);
    },
  };
}

/** A meter that counts only what is asked for, against `limitBytes` (tests; a page without memory figures). */
export function countingMeter(limitBytes: number, onHit: () => void = () => {}): MemoryMeter {
  return {
    need(bytes, what) {
      if (bytes <= limitBytes) return;
      onHit();
      throw new OutOfMemoryError(`${what} needs ${Math.ceil(bytes / MB)} MB, more than the ${Math.round(limitBytes / MB)} MB allowed`);
    },
  };
}
