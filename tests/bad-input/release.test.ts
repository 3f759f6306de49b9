/**
 * A file refused while opening must not stay in memory: the page's worker lives for the whole
 * visit and may be handed one bad file after another. (The fuzzer found this: every refusal
 * at the first pragma kept the connection and its in-memory copy of the file.)
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { inspectBytes, MigrateError } from '../../src/engine/index.ts';
import { build, entropy, open } from '../support/db.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * ArrayBuffer memory in use once garbage is gone. V8 frees the memory of dead ArrayBuffers
 * on a background sweeper after a collection, so a reading taken right after gc() sometimes
 * still counts a few of them (CI once saw 37 MB, a local run 62 MB): collect and let the
 * sweeper finish, a few times over.
 */
async function liveArrayBuffers(): Promise<number> {
  for (let round = 0; round < 3; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.memoryUsage().arrayBuffers;
}

describe('refused files release their memory', () => {
  it('40 files damaged where SQLite first reads them leave no copies behind', async () => {
    const healthy = build('04ae19b32c08', { experiments: 30, rowsPerExperiment: 10, blobBytes: [4000, 8000], seed: 4 });
    // The b-tree header of page 1 (sqlite_master) zeroed: SQLite fails on the first statement.
    const damaged = healthy.slice().fill(0, 100, 112);
    const before = await liveArrayBuffers();
    for (let i = 0; i < 40; i++) {
      expect(() => inspectBytes(open, damaged, entropy)).toThrow(MigrateError);
    }
    const grown = (await liveArrayBuffers()) - before;
    // A leak keeps at least the file itself per open: 40 x 3 MB here.
    expect(damaged.length).toBeGreaterThan(3_000_000);
    expect(grown).toBeLessThan(30_000_000);
  });
});
