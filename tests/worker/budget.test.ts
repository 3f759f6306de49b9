/**
 * The page's worker keeps a run to its memory budget (src/worker/budget.ts), through the
 * worker's own API with sql.js in Node standing in for the browser's: a trigger that inserts
 * gigabytes of zeroblobs is refused in seconds with the page's OUT_OF_MEMORY sentence, and an
 * ordinary file still upgrades. A small budget keeps the test quick; the sentence names it.
 * The SQLite heap limit is global to the sql.js module, and vitest gives this file its own.
 */
import { describe, expect, it, vi } from 'vitest';
import { zeroblobTriggerDb } from '../../migrations/builders/hostile.ts';
import { PAGE_MEMORY_BUDGET } from '../../src/worker/budget.ts';
import { entropy, HEAD, open } from '../support/db.ts';
import { oldDb } from '../bad-input/cases.ts';

// The browser's loader fetches the wasm by URL; in Node the installed package serves.
vi.mock('../../src/sqljs/browser.ts', async () => {
  const { nodeOpener } = await import('../../src/sqljs/node.ts');
  const memfs = await import('../../src/sqljs/memfs-input.ts');
  return { browserOpener: nodeOpener, ...memfs };
});
const { workerApi } = await import('../../src/worker/api.ts');

const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);

describe("the page's memory budget", () => {
  it('is the command line\'s 2 GB for SQLite, and a growth allowance a tab can hold', () => {
    expect(PAGE_MEMORY_BUDGET).toEqual({ megabytes: 2048, growthMegabytes: 512 });
  });

  it('refuses a trigger that inserts 4 GB of zeroblobs within seconds, in one sentence, and the worker still works after', async () => {
    const api = workerApi(entropy, null, { megabytes: 256, growthMegabytes: 48 });
    const opened = await api.inspect(blob(zeroblobTriggerDb(open, oldDb())));
    expect(opened.ok).toBe(true);
    const started = performance.now();
    const answer = await api.upgrade('heads');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('OUT_OF_MEMORY');
    expect(answer.error.message).toBe(
      'The run needed more memory than this page allows (the database may grow by 48 MB past twice its size, SQLite may use 256 MB); nothing was written. If the database really needs more, use the command-line tool entropy-migrate with a higher --memory-limit.',
    );
    expect(answer.error.data.detail).toMatch(/^f1ada2484fe2: the database reached \d+ pages of \d+ bytes$/);

    // The next file in the same worker is not held to the last one's hit.
    expect((await api.inspect(blob(oldDb()))).ok).toBe(true);
    const upgraded = await api.upgrade('heads');
    expect(upgraded.ok && upgraded.value.result.to).toEqual([HEAD]);
  }, 30_000);
});
