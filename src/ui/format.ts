/** Numbers and names the way a person reads them. */

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString('en', { maximumFractionDigits: value < 10 ? 1 : 0 })} ${units[unit]}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(1, Math.round(ms))} ms`;
  return `${(ms / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} s`;
}

/**
 * `entropy.db` -> `entropy.upgraded.db`. A file taken from a project folder keeps its name,
 * so the copy can go straight back into `.entropy/`.
 */
export function outputName(name: string, direction: 'upgrade' | 'downgrade', fromFolder: boolean): string {
  if (fromFolder) return 'entropy.db';
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, '.db'];
  return `${stem}.${direction === 'upgrade' ? 'upgraded' : 'downgraded'}${ext}`;
}

export function revisionLabel(revisions: readonly string[]): string {
  return revisions.length ? revisions.join(', ') : 'base (no revision)';
}
