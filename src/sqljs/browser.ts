/**
 * sql.js for the browser (the page's worker). The wasm file is bundled with the site by
 * Vite (`?url`), so nothing is fetched from a CDN; it is compiled once per worker.
 */
import initSqlJs from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { loadOnce } from './adapter.ts';

export const browserOpener = loadOnce(() => initSqlJs({ locateFile: () => wasmUrl }));

export { handOverBuffer } from './memfs-input.ts';
