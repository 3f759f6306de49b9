/** sql.js for Node (CLI, tests, tools): the wasm comes from the installed package. */
import { loadOnce } from './adapter.ts';

/**
 * Loads sql.js once per process. Imported only when first asked for: importing its module
 * costs Node about as much as starting (the CLI's --help, heads and history never need it,
 * and the native path needs it only as a fallback).
 */
export const nodeOpener = loadOnce(async () => (await import('sql.js')).default());

export { handOverBuffer } from './memfs-input.ts';
