/** sql.js for Node (CLI, tests, tools): the wasm comes from the installed package. */
import initSqlJs from 'sql.js';
import type { DbOpener } from '../engine/index.ts';
import { openerFor } from './adapter.ts';

let loading: Promise<DbOpener> | null = null;

/** Loads sql.js once per process. */
export function nodeOpener(): Promise<DbOpener> {
  loading ??= initSqlJs().then(openerFor);
  return loading;
}
export { handOverBuffer } from './memfs-input.ts';
