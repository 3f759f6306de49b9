/**
 * scan ROOT: every Entropy project under a folder, at any depth, read and never written:
 * folders with .entropy/entropy.db, Entropy 0.1's bare .db files (marked), nothing of a
 * project's .entropy listed again, symbolic links never followed (a loop does not hang it),
 * an unreadable project named with its sentence; exit 0 / 1 / 2.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { foreignSqliteDb } from '../../migrations/builders/damage.ts';
import { BIN, cli } from '../support/cli.ts';
import { build, entropy, HEAD, open } from '../support/db.ts';

/** The head's release as scan says it, from the chain (the next revision has none yet). */
const HEAD_RELEASE = entropy.releaseOf({ kind: 'at', revisions: [HEAD] });
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
import { tempDir } from '../support/temp.ts';

const TEXT = new TextEncoder().encode('not a database, just text\n');

function project(root: string, path: string, bytes: Uint8Array): string {
  const dir = join(root, path);
  mkdirSync(join(dir, '.entropy'), { recursive: true });
  writeFileSync(join(dir, '.entropy', 'entropy.db'), bytes);
  return dir;
}

/** Every file and folder below `root` with its size and mtime, links as links. */
function tree(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .map((e) => join(e.parentPath, e.name))
    .map((p) => {
      const s = statSync(p, { throwIfNoEntry: false });
      return `${relative(root, p)} ${s?.size ?? 'link'} ${s?.mtimeMs ?? ''}`;
    })
    .sort();
}

/** A lab's shared drive: nested projects, backups, a loop, links, a bare 0.1 database, strangers. */
function lab(): { root: string; behind: string; atHead: string; broken: string; bare: string } {
  const root = tempDir('em-scan-');
  const behind = project(root, 'alice', build('04ae19b32c08'));
  // What lies in a project's .entropy is the project's: its backups are not projects.
  writeFileSync(join(behind, '.entropy', 'entropy.bak.7fa75ca1263f.db'), build('04ae19b32c08'));
  mkdirSync(join(behind, '.entropy', 'old'), { recursive: true });
  writeFileSync(join(behind, '.entropy', 'old', 'entropy.db'), build('04ae19b32c08'));
  const atHead = project(root, 'groups/qubits/2024/bob', build(HEAD));
  const broken = project(root, 'groups/carol', TEXT);
  mkdirSync(join(root, 'archive'), { recursive: true });
  const bare = join(root, 'archive', 'lab.db');
  writeFileSync(bare, build('pre-alembic'));
  // Not Entropy's: another program's SQLite file, a text file named .db, an empty .db.
  writeFileSync(join(root, 'archive', 'inventory.db'), foreignSqliteDb(open));
  writeFileSync(join(root, 'archive', 'notes.db'), TEXT);
  writeFileSync(join(root, 'archive', 'empty.db'), new Uint8Array());
  // Links are not followed: a loop to the top, and a link to a project elsewhere.
  symlinkSync('../..', join(root, 'groups', 'qubits', 'loop'));
  symlinkSync(behind, join(root, 'alice-again'));
  symlinkSync(bare, join(root, 'archive', 'linked.db'));
  // The CLI's own temporary folder (a run that was killed) is not a project.
  project(root, '.alice.upgraded.4242.tmp', build('04ae19b32c08'));
  return { root, behind, atHead, broken, bare };
}

describe('entropy-migrate scan', () => {
  it('lists every project at any depth, once, with its revision, release and state, and writes nothing', () => {
    const { root, behind, atHead, broken, bare } = lab();
    const before = tree(root);
    const r = spawnSync(process.execPath, [BIN, 'scan', root], { encoding: 'utf8', timeout: 120_000 });
    expect(r.error, 'a link loop must not hang it').toBeUndefined();
    expect(r.status, r.stderr).toBe(2);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(new RegExp(`^${behind} +04ae19b32c08 \\(Entropy 0\\.2\\.0 to 0\\.5\\.0\\)  needs upgrade$`));
    expect(lines[1]).toMatch(new RegExp(`^${bare} +bare database, no revision \\(Entropy 0\\.1\\.0 to 0\\.1\\.2\\)  needs upgrade \\(with --project\\)$`));
    expect(lines[2]).toMatch(new RegExp(`^${broken} +cannot be read: This file is not a SQLite database \\(it looks like a text file\\)`));
    expect(lines[3]).toMatch(new RegExp(`^${atHead} +${HEAD} \\(${escaped(HEAD_RELEASE)}\\)  up to date$`));
    expect(lines[4]).toBe(`4 Entropy projects under ${root}: 1 up to date, 2 need upgrade, 1 cannot be read.`);
    expect(tree(root)).toEqual(before);
  });

  it('answers in --json with the issue-22 shape', () => {
    const { root, behind, atHead, broken, bare } = lab();
    const r = cli('scan', root, '--json');
    expect(r.code).toBe(2);
    const report = JSON.parse(r.out);
    expect(report.heads).toEqual([HEAD]);
    expect(report.projects).toEqual([
      { path: behind, kind: 'folder', revisions: ['04ae19b32c08'], release: 'Entropy 0.2.0 to 0.5.0', atHead: false, error: null },
      { path: bare, kind: 'bare-database', revisions: [], release: 'Entropy 0.1.0 to 0.1.2', atHead: false, error: null },
      { path: broken, kind: 'folder', revisions: [], release: null, atHead: false, error: { code: 'NOT_SQLITE', message: expect.stringContaining('not a SQLite database') } },
      { path: atHead, kind: 'folder', revisions: [HEAD], release: HEAD_RELEASE, atHead: true, error: null },
    ]);
  });

  it('exits 0 when all are at head, 1 when some are behind', () => {
    const root = tempDir('em-scan-');
    project(root, 'a', build(HEAD));
    project(root, 'a/inner', build(HEAD));
    const all = cli('scan', root);
    expect(all.code).toBe(0);
    expect(all.out).toContain(`2 Entropy projects under ${root}: 2 up to date, 0 need upgrade.`);
    project(root, 'b', build('9ffd2ba0d5bf'));
    expect(cli('scan', root).code).toBe(1);
  });

  it('says when there is no project, and refuses a file or a missing folder', () => {
    const root = tempDir('em-scan-');
    const none = cli('scan', root);
    expect(none.code).toBe(0);
    expect(none.out.trim()).toBe(`No Entropy project under ${root}: no folder there holds .entropy/entropy.db, and no .db file there is an Entropy database.`);
    writeFileSync(join(root, 'x.db'), build(HEAD));
    expect(cli('scan', join(root, 'x.db')).err).toMatch(/^entropy-migrate: scan takes a folder, and ".*x\.db" is a file;/);
    const missing = cli('scan', join(root, 'nowhere'));
    expect(missing.code).toBe(2);
    expect(missing.err.trim()).toBe(`entropy-migrate: There is no folder "${join(root, 'nowhere')}".`);
    expect(readFileSync(join(root, 'x.db')).length).toBeGreaterThan(0);
  });
});
