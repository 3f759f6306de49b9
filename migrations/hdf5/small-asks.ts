/**
 * Asking the memory budget is not free: the CLI's meter reads /proc/self/status each time
 * (about 80 µs). Asked for every attribute, value, read-back buffer and decoded list of a
 * whole-project run (some 45,000 asks at 237 MB), that was a sixth of the run. Asks below
 * BATCH_BYTES are added up and put to the budget together once they reach it: every byte is
 * still asked for, a mebibyte at a time; a bigger ask goes at once, as before.
 */
import { memoryMeter } from '../../src/engine/index.ts';

type MemoryMeter = ReturnType<typeof memoryMeter>;

export const BATCH_BYTES = 1024 ** 2;

let pending = 0;
/** The meter `pending` was counted for: a run (or a test) with another meter starts from zero. */
let countedFor: MemoryMeter | null = null;

/** The budget's `need`, with small asks put to it together. */
export function needBatched(bytes: number, what: string): void {
  const meter = memoryMeter();
  if (meter !== countedFor) {
    countedFor = meter;
    pending = 0;
  }
  if (bytes >= BATCH_BYTES) {
    meter.need(bytes, what);
    return;
  }
  pending += bytes;
  if (pending < BATCH_BYTES) return;
  const asked = pending;
  pending = 0;
  meter.need(asked, what);
}
