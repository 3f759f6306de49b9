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
