/**
 * What a run read back, in words, for the CLI and the page alike (the page imports it, so it
 * imports nothing: see tests/unit/architecture.test.ts). The counts are ReadBackCount's.
 */

interface Counted {
  readonly written: number;
  readonly equal: number;
  readonly noun: readonly [string, string];
}

const counted = (c: Counted) => `${c.equal} of ${c.written} ${c.noun[c.written === 1 ? 0 : 1]}`;

/**
 * In words: "301 of 301 results, 12 of 12 metadata rows and 3 of 3 params.json commits read
 * back and equal"; null when the run wrote nothing to read back.
 */
export function readBackInWords(all: readonly Counted[]): string | null {
  const parts = all.filter((c) => c.written > 0).map(counted);
  if (parts.length === 0) return null;
  const listed = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `${listed} read back and equal`;
}
