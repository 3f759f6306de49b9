/**
 * The seam, proven with a second project: the same CLI entry (main) and engine upgrade,
 * downgrade and inspect a project that is not Entropy, with a database elsewhere in its
 * folder, a revision that changes a file, and finishing work after the chain.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { readVersions } from '../../src/engine/index.ts';
import { open } from '../support/db.ts';
import { buildTinyDb } from './tiny/build.ts';
import { NOTES, tiny } from './tiny/index.ts';
import { treeOf } from '../support/folder-tree.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A Tiny project at its first revision with two samples, notes, and a file it does not own. */
function tinyProject(names = ['alpha', 'beta']): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'em-tiny-'));
  made.push(root);
  const dir = join(root, 'project');
  mkdirSync(join(dir, 'lab'), { recursive: true });
  writeFileSync(join(dir, 'lab', 'tiny.db'), buildTinyDb(open, { at: 'a1a1a1a1a1a1', samples: names }));
  writeFileSync(join(dir, NOTES), 'calibrate before use\n');
  writeFileSync(join(dir, 'README.txt'), 'not the project\'s');
  return { root, dir };
}

/** The CLI on one engine: native SQLite works on a file copy, sql.js on bytes; both must give the same. */
async function runOn(engine: 'native' | 'sqljs', ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--engine', engine], tiny, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const versionsOf = (file: string) => {
  const db = open(readFileSync(file));
  try {
    return readVersions(db);
  } finally {
    db.close();
  }
};

function listing(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? listing(join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`])).sort();
}

describe.each(['native', 'sqljs'] as const)('a second project through the same CLI and engine (%s)', (engine) => {
  const run = (...argv: string[]) => runOn(engine, ...argv);
  it('upgrades the whole folder into DIR.upgraded: database, revised file, finishing work; DIR untouched', async () => {
    const { root, dir } = tinyProject();
    const before = listing(dir);
    const r = await run('upgrade', dir);
    expect(r.code).toBe(0);
    const out = join(root, 'project.upgraded');
    expect(versionsOf(join(out, 'lab', 'tiny.db'))).toEqual(['b2b2b2b2b2b2']);
    expect(readFileSync(join(out, NOTES), 'utf8')).toBe('CALIBRATE BEFORE USE\n');
    expect(readFileSync(join(out, `${NOTES}.b2b2b2b2b2b2.bak`), 'utf8')).toBe('calibrate before use\n');
    expect(readFileSync(join(out, 'lab/archive/2.txt'), 'utf8')).toBe('beta');
    // The copy the revision keeps is the database before its step: at a1a1a1a1a1a1.
    expect(versionsOf(join(out, 'lab', 'tiny.before-weights.db'))).toEqual(['a1a1a1a1a1a1']);
    expect(readFileSync(join(out, 'README.txt'), 'utf8')).toBe('not the project\'s');
    expect(listing(dir)).toEqual(before);
    expect(readFileSync(join(dir, NOTES), 'utf8')).toBe('calibrate before use\n');
    expect(r.out).toContain('Archived 2 sample(s).');
    expect(readdirSync(root).sort()).toEqual(['project', 'project.upgraded']);
  });

  it('--in-place updates the folder, keeps the database file\'s mode, and a downgrade brings the file back', async () => {
    const { dir } = tinyProject();
    chmodSync(join(dir, 'lab', 'tiny.db'), 0o600);
    expect((await run('upgrade', dir, '--in-place')).code).toBe(0);
    expect(versionsOf(join(dir, 'lab', 'tiny.db'))).toEqual(['b2b2b2b2b2b2']);
    expect(statSync(join(dir, 'lab', 'tiny.db')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, NOTES), 'utf8')).toBe('CALIBRATE BEFORE USE\n');
    // The originals it replaced are kept for restore, and nothing else of its own is left.
    expect(listing(dir).filter((p) => p.includes('entropy-migrate') && !p.startsWith('lab/entropy-migrate-backups/'))).toEqual([]);
    expect(listing(dir).filter((p) => p.endsWith('/manifest.json'))).toHaveLength(1);
    const down = await run('downgrade', dir, '--to', 'a1a1a1a1a1a1', '--in-place');
    expect(down.code, down.err).toBe(0);
    expect(versionsOf(join(dir, 'lab', 'tiny.db'))).toEqual(['a1a1a1a1a1a1']);
    expect(readFileSync(join(dir, NOTES), 'utf8')).toBe('calibrate before use\n');
    expect(existsSync(join(dir, `${NOTES}.b2b2b2b2b2b2.bak`))).toBe(false);
  });

  it('restore puts the folder back byte for byte after an upgrade in place, and says so', async () => {
    const { dir } = tinyProject();
    const before = treeOf(dir);
    expect((await run('upgrade', dir, '--in-place')).code).toBe(0);
    expect(treeOf(dir)).not.toEqual(before);
    const r = await run('restore', dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Restored .* as it was before the upgrade of .* \(from a1a1a1a1a1a1 to b2b2b2b2b2b2\): put back 2 files and removed \d+ files it had added/);
    expect(treeOf(dir)).toEqual(before);
    const again = await run('restore', dir);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/has no backup to restore/);
  });

  it('a failure after the chain leaves the folder exactly as it was, with one sentence', async () => {
    const { dir } = tinyProject(['alpha', 'unarchivable']);
    const before = listing(dir).map((p) => [p, readFileSync(join(dir, p)).toString('base64')]);
    const r = await run('upgrade', dir, '--in-place');
    expect(r.code).toBe(2);
    expect(r.err).toBe('entropy-migrate: Archiving samples failed: sample 2 cannot be archived. Nothing was written.');
    expect(listing(dir).map((p) => [p, readFileSync(join(dir, p)).toString('base64')])).toEqual(before);
  });

  it('never writes a new folder over, inside or around the project, whatever --force says', async () => {
    const { root, dir } = tinyProject();
    const before = listing(root);
    for (const output of [dir, join(dir, 'lab'), join(dir, 'lab', 'tiny.db'), root]) {
      const r = await run('upgrade', dir, '-o', output, '--force');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^entropy-migrate: The output ".*" is the project being upgraded, or inside it, or holds it/);
    }
    expect(listing(root)).toEqual(before);
  });

  it('the database alone says what it leaves undone and how to upgrade the whole project', async () => {
    const { dir } = tinyProject();
    const r = await run('upgrade', join(dir, 'lab', 'tiny.db'));
    expect(r.code).toBe(0);
    expect(versionsOf(join(dir, 'lab', 'tiny.upgraded.db'))).toEqual(['b2b2b2b2b2b2']);
    expect(r.err).toContain('Revision b2b2b2b2b2b2 also changes notes.txt');
    expect(r.err).toContain('2 sample(s) stay unarchived.');
    expect(readFileSync(join(dir, NOTES), 'utf8')).toBe('calibrate before use\n');
  });

  it('names itself in its words: release, foreign databases, heads', async () => {
    const { dir } = tinyProject();
    expect((await run('check', dir)).out).toContain('a1a1a1a1a1a1 (Tiny 1.0)');
    expect((await run('heads')).out).toContain('b2b2b2b2b2b2 (head), add weights  [Tiny 2.0]');
    const other = join(dir, 'other.db');
    const db = open(null);
    db.exec('CREATE TABLE invoices (id INTEGER)');
    writeFileSync(other, db.export());
    db.close();
    const r = await run('current', other);
    expect(r.code).toBe(2);
    expect(r.err).toContain("not Tiny's: it has none of Tiny's tables");
  });
});
