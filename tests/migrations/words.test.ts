/** The counts the revisions' words carry, grouped by thousands as people read them. */
import { describe, expect, it } from 'vitest';
import { plural } from '../../migrations/support/words.ts';

describe('plural', () => {
  it('groups thousands with commas and picks the noun by the count', () => {
    expect(plural(0, 'result')).toBe('0 results');
    expect(plural(1, 'result')).toBe('1 result');
    expect(plural(999, 'row')).toBe('999 rows');
    expect(plural(1000, 'row')).toBe('1,000 rows');
    expect(plural(3894, 'result')).toBe('3,894 results');
    expect(plural(1234567, 'entry', 'entries')).toBe('1,234,567 entries');
  });
});
