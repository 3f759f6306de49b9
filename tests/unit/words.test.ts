/** The one set of number words every sentence uses (src/engine/words.ts). */
import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, plural, readBackInWords } from '../../src/engine/words.ts';

describe('number words', () => {
  it('counts as people read them', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1200)).toBe('1,200');
    expect(formatCount(12_345_678)).toBe('12,345,678');
    expect(plural(1, 'result')).toBe('1 result');
    expect(plural(1200, 'result')).toBe('1,200 results');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });

  it('sizes in units of 1024, one decimal below 10, as limits are set', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(1023)).toBe('1,023 bytes');
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(512 * 1024 ** 2)).toBe('512 MB');
    expect(formatBytes(1000 * 1024 ** 2)).toBe('1,000 MB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GB');
    expect(formatBytes(9.96 * 1024 ** 3)).toBe('10 GB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3 TB');
  });

  it('what was read back, listed; nothing when nothing was written', () => {
    const results = { written: 301, equal: 301, noun: ['result', 'results'] as const };
    const metadata = { written: 1, equal: 1, noun: ['metadata row', 'metadata rows'] as const };
    expect(readBackInWords([results, metadata])).toBe('301 of 301 results and 1 of 1 metadata row read back and equal');
    expect(readBackInWords([{ ...results, written: 0, equal: 0 }])).toBeNull();
  });
});
