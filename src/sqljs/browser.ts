/**
 * sql.js for the browser (the page's worker). The wasm file is bundled with the site by
 * Vite (`?url`), so nothing is fetched from a CDN; it is compiled once per worker and the
 * promise is kept, so every call after the first reuses the same module.
 */
import initSqlJs from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import type { DbOpener } from '../engine/index.ts';
import { openerFor } from './adapter.ts';

let loading: Promise<DbOpener> | null = null;

export function browserOpener(): Promise<DbOpener> {
  loading ??= initSqlJs({ locateFile: () => wasmUrl })
    .then(openerFor)
    .catch((error: unknown) => {
      // A failed load (e.g. the wasm file missing from a half-copied site) must not be cached
      // forever: the next call tries again.
      loading = null;
      throw error;
    });
  return loading;
}

export { handOverBuffer, handOverStorage, roomFor } from './memfs-input.ts';
