/** Numbers and names the way a person reads them. */

/**
 * Made once, when the page loads: a number's toLocaleString builds a new formatter on every
 * call, and the first ones load the locale's data, which made drawing the plan after a
 * file was chosen a task of up to 76 ms.
 */
const ONE_DECIMAL = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

export { formatBytes, formatCount, plural } from '../engine/words.ts';

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(1, Math.round(ms))} ms`;
  return `${ONE_DECIMAL.format(ms / 1000)} s`;
}

/**
 * `entropy.db` -> `entropy.upgraded.db`. A database taken from a project folder keeps its
 * name (the project's, which the picker gave it), so the copy can go straight back.
 */
export function outputName(name: string, direction: 'upgrade' | 'downgrade', fromFolder: boolean): string {
  if (fromFolder) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, '.db'];
  return `${stem}.${direction === 'upgrade' ? 'upgraded' : 'downgraded'}${ext}`;
}

export function revisionLabel(revisions: readonly string[]): string {
  return revisions.length ? revisions.join(', ') : 'base (no revision)';
}
