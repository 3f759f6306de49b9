/** sql.js for Node (CLI, tests, tools): the wasm comes from the installed package. */
import initSqlJs from 'sql.js';
import { loadOnce } from './adapter.ts';

/** Loads sql.js once per process. */
export const nodeOpener = loadOnce(() => initSqlJs());

export { handOverBuffer } from './memfs-input.ts';
