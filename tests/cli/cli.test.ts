/** The real command, bundled as `npm ci` bundles it, on files the builders make. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_WITHOUT_START_FAILURE, nodeWithoutStartDb } from '../../migrations/builders/damage.ts';
import { cli, cliWith } from '../support/cli.ts';
import { below, build, chain, HEAD, named, open, stepsToHead, versions } from '../support/db.ts';
import { tempDir } from '../support/temp.ts';

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function workspace(at = '04ae19b32c08', options: Parameters<typeof build>[1] = {}): { dir: string; db: string; bytes: Uint8Array } {
  const dir = tempDir('em-cli-');
  const db = join(dir, 'entropy.db');
  const bytes = build(at, options);
  writeFileSync(db, bytes);
  return { dir, db, bytes };
}

describe('entropy-migrate', () => {
  it('upgrades to IN.upgraded.db beside IN and leaves IN alone', () => {
    const { dir, db, bytes } = workspace();
    const r = cli('upgrade', db);
    expect(r.code).toBe(0);
    expect(named('04ae19b32c08')).toBe('04ae19b32c08 (Entropy 0.2.0)');
    expect(r.out).toMatch(new RegExp(`Upgraded .* from ${escaped(named('04ae19b32c08'))} to ${escaped(named(HEAD))} in ${stepsToHead('04ae19b32c08')} step`));
    expect(versions(readFileSync(join(dir, 'entropy.upgraded.db')))).toEqual([HEAD]);
    expect(new Uint8Array(readFileSync(db))).toEqual(bytes);
  });

  it('honours -o and --to, and reports in JSON', () => {
    const { dir, db } = workspace();
    const out = join(dir, 'mid.db');
    const r = cli('upgrade', db, '-o', out, '--to', '9ffd', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.to).toEqual(['9ffd2ba0d5bf']);
    expect(report.steps.map((s: { revision: string }) => s.revision)).toEqual(['f1ada2484fe2', '9ffd2ba0d5bf']);
    expect(report.checks.integrity).toBe('ok');
    expect(versions(readFileSync(out))).toEqual(['9ffd2ba0d5bf']);
  });

  it('replaces IN only with --in-place, after backing it up as IN.bak.<rev>.db', () => {
    const { dir, db, bytes } = workspace();
    expect(cli('upgrade', db, '--in-place').code).toBe(0);
    expect(versions(readFileSync(db))).toEqual([HEAD]);
    expect(new Uint8Array(readFileSync(join(dir, 'entropy.bak.04ae19b32c08.db')))).toEqual(bytes);
    expect(readdirSync(dir).sort()).toEqual(['entropy.bak.04ae19b32c08.db', 'entropy.db']);
  });

  it('works on a project folder', () => {
    // Every row in SQLite: the folder has no HDF5 files to hold rows flagged as kept there.
    const { dir, bytes } = workspace('04ae19b32c08', { savedInHdf5Share: 0 });
    const project = join(dir, 'lab');
    mkdirSync(join(project, '.entropy'), { recursive: true });
    writeFileSync(join(project, '.entropy', 'entropy.db'), bytes);
    expect(cli('current', project).out.trim()).toBe('04ae19b32c08');
    // The advice is the whole project's upgrade, not its database's alone.
    expect(cli('check', project).out).toContain(`Run "entropy-migrate upgrade ${project}".`);
    // The whole project into a new folder beside it; the project itself is not touched.
    expect(cli('upgrade', project).code).toBe(0);
    expect(versions(readFileSync(join(dir, 'lab.upgraded', '.entropy', 'entropy.db')))).toEqual([HEAD]);
    expect(new Uint8Array(readFileSync(join(project, '.entropy', 'entropy.db')))).toEqual(bytes);
    // --db-only: the database alone, beside the input, as for a .db path.
    expect(cli('upgrade', project, '--db-only').code).toBe(0);
    expect(existsSync(join(project, '.entropy', 'entropy.upgraded.db'))).toBe(true);
  });

  it("leaves .entropy/hdf5/ in a new folder, as Entropy's upgrade does even with no result to move", () => {
    const { dir } = workspace();
    const project = join(dir, 'empty');
    mkdirSync(join(project, '.entropy'), { recursive: true });
    writeFileSync(join(project, '.entropy', 'entropy.db'), build(HEAD, { rowsPerExperiment: 0 }));
    expect(cli('upgrade', project).code).toBe(0);
    expect(readdirSync(join(dir, 'empty.upgraded', '.entropy', 'hdf5'))).toEqual([]);
    // --in-place with nothing to do leaves the folder alone
    expect(cli('upgrade', project, '--in-place').code).toBe(0);
    expect(readdirSync(join(project, '.entropy'))).toEqual(['entropy.db']);
  });

  it('current prints the revision, and nothing at base or before Alembic', () => {
    expect(cli('current', workspace().db).out).toBe('04ae19b32c08\n');
    const pre = cli('current', workspace('pre-alembic').db);
    expect(pre.code).toBe(0);
    expect(pre.out).toBe('');
  });

  it('check exits 0 at head, 1 behind, 2 on error', () => {
    expect(cli('check', workspace(HEAD).db).code).toBe(0);
    expect(cli('check', workspace().db).code).toBe(1);
    const { dir } = workspace();
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello');
    expect(cli('check', text).code).toBe(2);
  });

  it('downgrades with --to and stamps without running anything', () => {
    const { dir, db } = workspace(HEAD);
    expect(cli('downgrade', db).code).toBe(2);
    expect(cli('downgrade', db, '--to', '-1').code).toBe(0);
    expect(versions(readFileSync(join(dir, 'entropy.downgraded.db')))).toEqual([below(HEAD)]);
    expect(cli('stamp', db, '273a9').code).toBe(0);
    expect(versions(readFileSync(join(dir, 'entropy.stamped.db')))).toEqual(['273a9fae6206']);
  });

  it('lists heads and history newest first, with Entropy releases', () => {
    const head = chain.get(HEAD);
    const release = head.release ? `  [Entropy ${head.release}]` : '';
    expect(cli('heads').out).toBe(`${below(HEAD)} -> ${HEAD} (head), ${head.message}${release}\n`);
    const lines = cli('history').out.trim().split('\n');
    expect(lines).toHaveLength(chain.size);
    expect(lines[0]).toContain(HEAD);
    expect(lines.at(-2)).toBe('1318a586f31d -> 04ae19b32c08, Add col saved_in_hdf5  [Entropy 0.2.0]');
    expect(lines.at(-1)).toBe('<base> -> 1318a586f31d, Initial migration  [Entropy 0.2.0]');
  });

  it('answers bad input with one sentence on stderr, exit 2, and no output file', () => {
    const { dir, db, bytes } = workspace();
    const cases: [string[], RegExp][] = [
      [['upgrade', join(dir, 'missing.db')], /There is no file or folder/],
      [['upgrade', db, '--to', 'nope'], /No revision "nope" is known/],
      [['frobnicate'], /Unknown command "frobnicate"/],
      [['upgrade', db, '--bogus'], /Unknown option/],
    ];
    for (const [args, message] of cases) {
      const r = cli(...args);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect(readdirSync(dir)).toEqual(['entropy.db']);
    expect(new Uint8Array(readFileSync(db))).toEqual(bytes);
  });

  it('leaves nothing in the temporary folder when current or check refuses its input', () => {
    const { dir, db } = workspace();
    // A write still under way: refused before anything is read.
    writeFileSync(`${db}-journal`, 'x');
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    for (const command of ['current', 'check']) {
      const r = cliWith({ TMPDIR: tmp }, command, db);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/entropy\.db-journal" lies beside the database/);
      expect(readdirSync(tmp)).toEqual([]);
    }
  });

  it('refuses to replace an existing output unless --force', () => {
    const { db } = workspace();
    expect(cli('upgrade', db).code).toBe(0);
    const again = cli('upgrade', db);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/already exists/);
    expect(cli('upgrade', db, '--force').code).toBe(0);
  });
});

describe('a step that fails on a real file', () => {
  it('names the revision and the statement, writes nothing, and leaves the input as it was', () => {
    const dir = tempDir('em-cli-');
    const db = join(dir, 'entropy.db');
    const bytes = nodeWithoutStartDb(open, build('pre-alembic'));
    writeFileSync(db, bytes);
    for (const args of [[], ['--in-place']]) {
      const r = cli('upgrade', db, ...args);
      expect(r.code).toBe(2);
      expect(r.err.trim()).toBe(`entropy-migrate: ${NODE_WITHOUT_START_FAILURE}`);
      expect(readdirSync(dir)).toEqual(['entropy.db']);
      expect(new Uint8Array(readFileSync(db))).toEqual(bytes);
    }
  });

  it('says in --json where every step of the plan ended: applied on the copy, failed, not run', () => {
    const dir = tempDir('em-cli-');
    const db = join(dir, 'entropy.db');
    writeFileSync(db, nodeWithoutStartDb(open, build('pre-alembic')));
    const r = cli('upgrade', db, '--json');
    expect(r.code).toBe(2);
    const { error } = JSON.parse(r.out) as { error: { code: string; data: { steps: { revision: string; status: string }[] } } };
    expect(error.code).toBe('STEP_FAILED');
    const statuses = error.data.steps.map((s) => s.status);
    const failed = statuses.indexOf('failed');
    expect(error.data.steps[failed]!.revision).toBe('9ffd2ba0d5bf');
    expect(statuses).toEqual([...Array(failed).fill('applied'), 'failed', ...Array(statuses.length - failed - 1).fill('not-run')]);
    expect(statuses.length - failed - 1).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual(['entropy.db']);
  });
});
