/**
 * Asking the memory budget is not free: the CLI's meter reads /proc/self/status each time
 * (about 80 µs). Asked for every attribute, value and read-back buffer of a whole-project run
 * (some 40,000 asks at 237 MB), that was a sixth of the run. A buffer below
 * TRANSIENT_ASK_BYTES lives for one HDF5 call and is freed at once: it is not asked for one by
 * one. What such buffers build up to, the experiment's file, is asked for once before the file
 * is written (move.ts), and bigger buffers are still asked for each time.
 */
import { memoryMeter } from '../../src/engine/index.ts';

export const TRANSIENT_ASK_BYTES = 1024 ** 2;

/** The budget's `need`, for a buffer freed right after one HDF5 call: skipped below 1 MiB. */
export function needTransient(bytes: number, what: string): void {
  if (bytes >= TRANSIENT_ASK_BYTES) memoryMeter().need(bytes, what);
}
