/**
 * Not enough memory, for real: SQLite's own hard heap limit makes its allocations fail as
 * they do in a browser tab whose wasm memory cannot grow. The limit is global to the sql.js
 * module and can only be lowered, so this file has the module to itself (vitest isolates
 * files) and goes from the larger limit to the smaller.
 */
import { describe, expect, it } from 'vitest';
import { errorFromInfo, inspectBytes, migrateBytes, OutOfMemoryError, toErrorInfo, type DbOpener } from '../../src/engine/index.ts';
import { build, entropy, open } from '../support/db.ts';
import { firstDifference } from './bytes.ts';
import { refusal } from './refusal.ts';

/** The engine's sentence is neutral: what to do is the CLI's and the page's to add (tests/cli, tests/worker). */
const SENTENCE = 'There is not enough memory to work on this database; nothing was written.';

/** The real sql.js opener, with SQLite allowed at most `limit` bytes of heap. */
const starved = (limit: number): DbOpener => (bytes) => {
  const db = open(bytes);
  db.exec(`PRAGMA hard_heap_limit = ${limit}`);
  return db;
};

describe('not enough memory', () => {
  const bytes = build("04ae19b32c08", { experiments: 40, rowsPerExperiment: 10, blobBytes: [2000, 6000], seed: 9 });
  const before = bytes.slice();

  it('mid-run (VACUUM needs more than there is): OUT_OF_MEMORY, not a failed step', () => {
    const error = refusal(() => migrateBytes(starved(4_000_000), bytes, entropy, { direction: 'upgrade' }));
    expect(error.code).toBe('OUT_OF_MEMORY');
    expect(error.message).toBe(SENTENCE);
    expect(error.data.detail).toMatch(/^7fa75ca1263f: out of memory$/);
    expect(firstDifference(bytes, before)).toBeNull();
  });

  it('while checking the file: OUT_OF_MEMORY, not "damaged"', () => {
    for (const work of [() => inspectBytes(starved(300_000), bytes, entropy), () => migrateBytes(starved(300_000), bytes, entropy, { direction: 'upgrade' })]) {
      const error = refusal(work);
      expect(error.code).toBe('OUT_OF_MEMORY');
      expect(error.message).toBe(SENTENCE);
    }
    expect(firstDifference(bytes, before)).toBeNull();
  });

  it('a failed allocation outside SQLite (a worker reading a file) crosses the worker boundary as OUT_OF_MEMORY', () => {
    let thrown: unknown;
    try {
      // What a tab's worker meets when file.arrayBuffer() cannot get the memory.
      new ArrayBuffer(2 ** 40);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RangeError);
    const info = structuredClone(toErrorInfo(thrown));
    expect(info.code).toBe('OUT_OF_MEMORY');
    expect(info.message).toBe(SENTENCE);
    expect(errorFromInfo(info)).toBeInstanceOf(OutOfMemoryError);
  });
});
