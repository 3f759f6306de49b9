/**
 * Every bad file through the real bundled command: exit 2, one sentence on stderr, no file
 * written (the folder lists the same names afterwards) and the input byte-identical.
 */
import { closeSync, openSync, readdirSync, readFileSync, writeFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';
import { versions } from '../support/db.ts';
import { tempDir } from '../support/temp.ts';
import { firstDifference } from './bytes.ts';
import { BAD_FILES, HEAD, oldDb, WAL_NOTE, walModeDb } from './cases.ts';

function workspace(bytes: Uint8Array): { dir: string; db: string } {
  const dir = tempDir('em-bad-');
  const db = join(dir, 'entropy.db');
  writeFileSync(db, bytes);
  return { dir, db };
}

const listing = (dir: string) => readdirSync(dir).sort();

/** Runs the command and checks that it refused with `code` and changed nothing. */
function expectRefusal(dir: string, db: string, args: string[], code: string, message: string | RegExp): void {
  const names = listing(dir);
  const bytes = new Uint8Array(readFileSync(db));
  const r = cli(...args);
  expect(r.code).toBe(2);
  const lines = r.err.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toContain('Unexpected failure');
  const sentence = lines[0]!.replace(/^entropy-migrate: /, '');
  if (typeof message === 'string') expect(sentence).toBe(message);
  else expect(sentence).toMatch(message);
  const json = cli(...args, '--json');
  expect(JSON.parse(json.out).error.code).toBe(code);
  expect(listing(dir)).toEqual(names);
  expect(firstDifference(new Uint8Array(readFileSync(db)), bytes)).toBeNull();
}

// Each test starts the command six times; on a loaded two-core machine that took up to 31 s.
describe('bad files on the command line', { timeout: 90_000 }, () => {
  for (const bad of BAD_FILES) {
    it(`refuses ${bad.name} (${bad.code}) in upgrade, upgrade --in-place and current`, () => {
      const { dir, db } = workspace(bad.bytes());
      expectRefusal(dir, db, ['upgrade', db], bad.code, bad.message);
      expectRefusal(dir, db, ['upgrade', db, '--in-place'], bad.code, bad.message);
      expectRefusal(dir, db, ['current', db], bad.code, bad.message);
    });
  }

  it('upgrades a lone WAL-mode file with a note on stderr', () => {
    const { dir, db } = workspace(walModeDb());
    const bytes = new Uint8Array(readFileSync(db));
    const r = cli('upgrade', db);
    expect(r.code).toBe(0);
    const [first, second] = r.err.trimEnd().split('\n');
    expect(first).toBe(`note: ${WAL_NOTE}`);
    // The database alone leaves its SQLite-only results behind, and says how not to.
    expect(second).toMatch(/^note: .* stay only in the database, .*"entropy-migrate upgrade .*entropy\.db --project" on the original files\.$/);
    expect(versions(readFileSync(join(dir, 'entropy.upgraded.db')))).toEqual([HEAD]);
    expect(firstDifference(new Uint8Array(readFileSync(db)), bytes)).toBeNull();
  });

  it('refuses a database whose -wal file still holds changes (WAL_MODE)', () => {
    const { dir, db } = workspace(walModeDb());
    writeFileSync(`${db}-wal`, new Uint8Array(4096 + 32).fill(7));
    const sentence =
      '"entropy.db-wal" lies beside the database and holds changes that are not in entropy.db yet (write-ahead-log mode; Entropy or another program still has it open, or did not close it cleanly). Close Entropy so that SQLite writes them in, then run again; nothing was written.';
    expectRefusal(dir, db, ['upgrade', db, '--in-place'], 'WAL_MODE', sentence);
    expectRefusal(dir, db, ['upgrade', db], 'WAL_MODE', sentence);
    // An empty log is what a clean close can leave: nothing is missing from the database.
    writeFileSync(`${db}-wal`, '');
    expect(cli('upgrade', db).code).toBe(0);
  });

  it('refuses a database with a hot journal beside it (HOT_JOURNAL)', () => {
    const { dir, db } = workspace(oldDb());
    writeFileSync(`${db}-journal`, new Uint8Array(512).fill(1));
    expectRefusal(dir, db, ['upgrade', db, '--in-place'], 'HOT_JOURNAL',
      '"entropy.db-journal" lies beside the database: a write to it is happening now or was interrupted. Close Entropy, or open the project in Entropy once so that SQLite finishes or undoes that write, then run again; nothing was written.');
  });

  it('on sql.js, refuses a file too big to hold in memory (OUT_OF_MEMORY) without reading it', () => {
    // A sparse file: 2.5 GB long, next to nothing on disk, and never read into memory. The
    // limit is sql.js's (the whole file in one buffer); native SQLite works on the file.
    const { dir, db } = workspace(oldDb());
    const fd = openSync(db, 'r+');
    ftruncateSync(fd, 2_500_000_000);
    closeSync(fd);
    const names = listing(dir);
    const r = cli('upgrade', db, '--engine', 'sqljs');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'entropy-migrate: This database is 2.3 GB, more than can be held in memory here (at most 2 GB); nothing was written. Native SQLite (--engine native, the default where it loads) works on the file instead of holding it in memory.\n',
    );
    expect(listing(dir)).toEqual(names);
  });

  it('removes temporary files that a killed run left, but not those of a live process', () => {
    const { dir, db } = workspace(oldDb());
    // A pid far above any real one is a process that is gone; our own test process is alive.
    writeFileSync(join(dir, '.entropy.upgraded.db.999999999.tmp'), 'partial');
    writeFileSync(join(dir, `.entropy.upgraded.db.${process.pid}.tmp`), 'someone is writing');
    expect(cli('upgrade', db).code).toBe(0);
    expect(listing(dir)).toEqual([`.entropy.upgraded.db.${process.pid}.tmp`, 'entropy.db', 'entropy.upgraded.db']);
  });
});
