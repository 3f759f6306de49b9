/**
 * The result's check thread (src/cli/check-thread.ts), as the run's worker starts it: the
 * bundled entry point started again as a side thread. Its rows are the query's; SQLite's
 * failures come back as the plain Errors the engine tells a damaged file by; a thread that is
 * gone is its own error, never blamed on the user's file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckThread } from '../../src/cli/check-thread.ts';
import { JobThreadError } from '../../src/cli/job-threads.ts';
import { inputFacts, type MigrateError } from '../../src/engine/index.ts';
import { loadNativeSqlite } from '../../src/native/adapter.ts';
import { classifySqliteError } from '../../src/engine/runtime/open-copy.ts';
import type { CheckThread } from '../../src/native/adapter.ts';
import { build } from '../support/db.ts';
import { tempDir } from '../support/temp.ts';

const BUNDLE = new URL('../../dist-cli/entropy-migrate.mjs', import.meta.url);
const native = await loadNativeSqlite();
let thread: CheckThread | null = null;
afterEach(() => thread?.close());

describe('the check thread', () => {
  it("answers a read-only query with the file's rows, one query after another", () => {
    const dir = tempDir('em-check-');
    const db = join(dir, 'entropy.db');
    writeFileSync(db, build('04ae19b32c08'));
    thread = startCheckThread(BUNDLE);
    expect(thread.query(db, 'PRAGMA integrity_check')()).toEqual([{ integrity_check: 'ok' }]);
    expect(thread.query(db, 'SELECT version_num FROM alembic_version')()).toEqual([{ version_num: '04ae19b32c08' }]);
  });

  it('reads what an input holds as the engine counts it here', async () => {
    const dir = tempDir('em-check-');
    const db = join(dir, 'entropy.db');
    writeFileSync(db, build('04ae19b32c08', { experiments: 4, rowsPerExperiment: 3, seed: 2 }));
    thread = startCheckThread(BUNDLE);
    const here = native.openReadOnly(db);
    try {
      const facts = inputFacts(here);
      expect(facts.tables.some((t) => t.rows > 0)).toBe(true);
      expect(thread.facts(db)()).toEqual(facts);
    } finally {
      here.close();
    }
  });

  it("gives SQLite's failure as a plain Error, which the engine reads as the file's", () => {
    const dir = tempDir('em-check-');
    const notDb = join(dir, 'notes.db');
    writeFileSync(notDb, 'x'.repeat(4096));
    thread = startCheckThread(BUNDLE);
    let thrown: unknown = null;
    try {
      thread.query(notDb, 'PRAGMA integrity_check')();
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).constructor).toBe(Error);
    expect((thrown as Error).message).toMatch(/not a database/);
    expect((classifySqliteError(thrown) as MigrateError).code).toBe('NOT_SQLITE');
  });

  it('once closed, refuses a query as a thread failure', () => {
    thread = startCheckThread(BUNDLE);
    thread.close();
    expect(() => thread!.query('/nowhere.db', 'SELECT 1')).toThrow(JobThreadError);
  });
});
