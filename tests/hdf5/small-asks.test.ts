/** Small asks of the memory budget are put to it together, a mebibyte at a time; none is lost. */
import { afterEach, describe, expect, it } from 'vitest';
import { useMemoryMeter } from '../../src/engine/index.ts';
import type { MemoryMeter } from '../../src/engine/memory-meter.ts';
import { BATCH_BYTES, needBatched } from '../../migrations/hdf5/small-asks.ts';

const recording = () => {
  const asks: [number, string][] = [];
  const meter: MemoryMeter = { need: (bytes, what) => void asks.push([bytes, what]) };
  return { asks, meter };
};

let restore: (() => void) | null = null;
afterEach(() => {
  restore?.();
  restore = null;
});

describe('needBatched', () => {
  it('asks for small amounts once they add up to a mebibyte, and for a big one at once', () => {
    const { asks, meter } = recording();
    restore = useMemoryMeter(meter);
    const quarter = BATCH_BYTES / 4;
    for (let i = 0; i < 3; i++) needBatched(quarter, 'a small value');
    expect(asks).toEqual([]);
    needBatched(quarter + 1, 'the fourth');
    expect(asks).toEqual([[BATCH_BYTES + 1, 'the fourth']]);
    needBatched(2 * BATCH_BYTES, 'a big value');
    expect(asks).toEqual([[BATCH_BYTES + 1, 'the fourth'], [2 * BATCH_BYTES, 'a big value']]);
  });

  it('starts from zero under another meter: what one run added up is not asked of the next', () => {
    const first = recording();
    restore = useMemoryMeter(first.meter);
    needBatched(BATCH_BYTES - 1, 'left over');
    restore();
    const second = recording();
    restore = useMemoryMeter(second.meter);
    needBatched(2, 'the next run');
    expect(second.asks).toEqual([]);
    needBatched(BATCH_BYTES, 'a whole mebibyte');
    expect(second.asks).toEqual([[BATCH_BYTES, 'a whole mebibyte']]);
  });
});
