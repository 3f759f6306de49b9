/**
 * One memory budget for all of a run's memory (issue: a 500 MB value peaked at 4.3 GB under
 * --memory-limit 512M): values, HDF5 files and HDF5's wasm heap are asked of the budget before
 * they are held (src/engine/memory-meter.ts, src/cli/budget.ts), so a run past its limit stops
 * with the limit's sentence before it holds the memory, and writes nothing; within the limit it
 * upgrades. The words for a computer that ran short are each layer's own.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MigrateError, OutOfMemoryError } from '../../src/engine/index.ts';
import { inCliWords } from '../../src/cli/budget.ts';
import { overPageBudget } from '../../src/worker/budget.ts';
import { hostileProject } from '../../migrations/builders/hostile-project.ts';
import { npyOf } from '../../migrations/builders/python-values.ts';
import { writeFiles } from '../oracle/kit.ts';
import { cli } from '../support/cli.ts';
import { chain, open } from '../support/db.ts';
import { treeOf } from '../support/folder-tree.ts';
import { fileTempDir } from '../support/temp.ts';

const root = fileTempDir('em-memory-budget-');
const VALUE_MB = 96;

/** A project at the head whose one waiting result is a float64 array of VALUE_MB. */
function bigValueProject(name: string): string {
  const dir = join(root, name);
  const values = new Float64Array((VALUE_MB * 2 ** 20) / 8).map((_, i) => i % 977);
  const npy = npyOf(values, [values.length]);
  writeFiles(dir, hostileProject(open, { at: chain.head!, rows: [{ label: 'a big trace', data: npy.data, dataType: npy.dataType }] }));
  return dir;
}

const digest = (_path: string, bytes: Buffer) => `${bytes.length}:${bytes.subarray(0, 64).toString('hex')}:${bytes.subarray(-64).toString('hex')}`;

describe('the command line keeps a run to --memory-limit', () => {
  it(`refuses a ${VALUE_MB} MB value under --memory-limit 48M with the limit's sentence, before holding it, and writes nothing`, () => {
    const dir = bigValueProject('tight');
    const before = treeOf(dir, () => false, digest);
    const out = join(root, 'tight.out');
    const r = cli('upgrade', dir, '-o', out, '--memory-limit', '48M', '--json');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'entropy-migrate: The run needed more than its memory limit of 48 MB (set by --memory-limit); nothing was written. If the database really needs more, run again with a higher --memory-limit.\n',
    );
    const error = JSON.parse(r.out).error;
    expect(error.code).toBe('OUT_OF_MEMORY');
    // Refused when asked, not after the memory was taken: the request names what it was for,
    // against the limit plus the runtime's documented 256 MB.
    expect(error.data.detail).toMatch(/^an? [a-zA-Z0-9 ]+ needs \d+ MB more, with \d+ MB in use of at most 304 MB$/);
    expect(existsSync(out)).toBe(false);
    expect(treeOf(dir, () => false, digest)).toEqual(before);
  }, 120_000);

  it('upgrades the same project within a limit that holds it, and reads the value back', () => {
    const dir = bigValueProject('roomy');
    const out = join(root, 'roomy.out');
    const r = cli('upgrade', dir, '-o', out, '--memory-limit', '1G');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('1 of 1 result read back and equal before anything was written.');
    // Its database was at the head already: the run finished Entropy's upgrade, in those words.
    expect(r.out).toContain(`Finished the upgrade of the project ${dir}, whose database was already at ${chain.head!}`);
    expect(readFileSync(join(out, '.entropy/hdf5/1.hdf5')).length).toBeGreaterThan(VALUE_MB * 2 ** 20);
  }, 120_000);
});

describe('each layer says what to do when the computer itself ran short', () => {
  const engine = new OutOfMemoryError('Cannot enlarge memory');

  it('the engine says only what happened', () => {
    expect(engine.message).toBe('There is not enough memory to work on this database; nothing was written.');
  });

  it('the command line: other programs, or (a size over sql.js\'s fixed limit) native SQLite; past the budget, the limit', () => {
    const budget = { megabytes: 512, from: 'option' as const, hit: false };
    expect(inCliWords(engine, budget).message).toBe(`${engine.message} Close other programs and try again, or run it on a computer with more memory.`);
    expect(inCliWords(new OutOfMemoryError('big', 3 * 2 ** 30, 2 * 2 ** 30), budget).message).toMatch(/Native SQLite \(--engine native, the default where it loads\) works on the file/);
    expect(inCliWords(engine, { ...budget, hit: true }).message).toMatch(/^The run needed more than its memory limit of 512 MB \(set by --memory-limit\)/);
    expect(inCliWords(engine, budget).message).not.toMatch(/\btabs?\b/);
  });

  it('the page: other tabs, or the command-line tool; its own refusals pass as they are', () => {
    const budget = { megabytes: 2048, growthMegabytes: 512, hit: false };
    const said = overPageBudget(budget, engine) as MigrateError;
    expect(said.message).toBe(`${engine.message} Close other tabs and try again, or use the command-line tool entropy-migrate on a computer with more memory.`);
    expect((overPageBudget(budget, new RangeError('Array buffer allocation failed')) as MigrateError).message).toContain('Close other tabs');
    const own = new MigrateError('OUT_OF_MEMORY', 'The browser could not keep the new file; nothing was written.');
    expect(overPageBudget(budget, own)).toBe(own);
    expect((overPageBudget({ ...budget, hit: true }, engine) as MigrateError).message).toMatch(/^The run needed more memory than this page allows/);
  });
});
