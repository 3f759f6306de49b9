/**
 * Numbers with their nouns, as every sentence of the CLI, the page and a project's revisions
 * says them: one helper, shared with the page's main thread (it imports nothing).
 */

/**
 * "1,200": a count as people read it. Put in by hand: the first toLocaleString of a process
 * loads ICU's number data, about 30 ms of a CLI run that prints one count.
 */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1 result", "1,200 results". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * "512 MB", "1.5 GB", "900 kB": sizes in units of 1024 bytes (as memory limits are set and as
 * file managers on Windows show them), one decimal below 10. The one size formatter of the
 * CLI, the page and the engine's sentences.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return plural(bytes, 'byte');
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? String(Number(value.toFixed(1))) : formatCount(Math.round(value))} ${units[unit]}`;
}

/** What a run read back (ReadBackCount's counts), for the CLI and the page alike. */
interface Counted {
  readonly written: number;
  readonly equal: number;
  readonly noun: readonly [string, string];
}

const counted = (c: Counted) => `${formatCount(c.equal)} of ${formatCount(c.written)} ${c.noun[c.written === 1 ? 0 : 1]}`;

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
