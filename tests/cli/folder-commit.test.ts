/**
 * The folder commit on disk (engine folder-commit.ts over the CLI's diskFolder): all or
 * nothing, the originals kept and restorable byte for byte, links and a user's own files
 * never written over, and a crash at every single file operation resolved by the next run.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitToFolder, listBackups, recoverInterrupted, restoreBackup, type CommitChanges, type CommitFolder, type CommitOptions } from '../../src/engine/index.ts';
import { diskFolder } from '../../src/cli/disk-folder.ts';
import { treeOf } from '../support/folder-tree.ts';
import { tempDir } from '../support/temp.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const owner = { host: 'test', pid: 1 };
const options: CommitOptions = {
  books: '.entropy/entropy-migrate',
  token: 't1',
  owner,
  what: { command: 'upgrade', from: ['a'], to: ['b'] },
  keepBackup: true,
  force: false,
  words: { elsewhere: 'Write it elsewhere', force: 'add --force' },
  now: () => new Date('2026-12-06T10:00:00Z'),
};

function project(): string {
  const root = tempDir('em-commit-');
  mkdirSync(join(root, '.entropy', 'hdf5'), { recursive: true });
  writeFileSync(join(root, '.entropy', 'entropy.db'), 'old db');
  writeFileSync(join(root, '.entropy', 'params.json'), '{"old": 1}');
  writeFileSync(join(root, '.entropy', 'entropy.hdf5'), 'global results');
  writeFileSync(join(root, '.entropy', 'hdf5', '2.hdf5'), 'experiment 2');
  writeFileSync(join(root, 'notes.txt'), 'not the project\'s');
  return root;
}

/** An upgrade's changes: a database staged by the caller, files from memory, a removal, a new folder. */
function changes(root: string): CommitChanges<Uint8Array> {
  writeFileSync(join(root, '.entropy', '.entropy.db.1.tmp'), 'new db');
  return {
    writes: [
      { path: '.entropy/params.json.06140c96c8c4.bak', content: { data: bytes('{"old": 1}') }, replaces: false },
      { path: '.entropy/params.json', content: { data: bytes('{"new": 1}') }, replaces: true },
      { path: '.entropy/hdf5/2.hdf5', content: { data: bytes('experiment 2 and more') }, replaces: true },
      { path: '.entropy/hdf5/3.hdf5', content: { data: bytes('experiment 3') }, replaces: false },
      { path: '.entropy/entropy.hdf5.bak', content: { data: bytes('global results') }, replaces: false },
      { path: '.entropy/entropy.db', content: { staged: '.entropy/.entropy.db.1.tmp' }, replaces: true },
    ],
    removals: ['.entropy/entropy.hdf5'],
    folders: ['.entropy/figures'],
  };
}

const upgraded = {
  '.entropy/entropy.db': 'new db',
  '.entropy/params.json': '{"new": 1}',
  '.entropy/params.json.06140c96c8c4.bak': '{"old": 1}',
  '.entropy/hdf5/2.hdf5': 'experiment 2 and more',
  '.entropy/hdf5/3.hdf5': 'experiment 3',
  '.entropy/entropy.hdf5.bak': 'global results',
  'notes.txt': "not the project's",
};

/** The project's own files, leaving out entropy-migrate's backups. */
const projectTree = (root: string) => treeOf(root, (p) => p.startsWith('.entropy/entropy-migrate-backups'));
const text = (root: string, path: string) => readFileSync(join(root, ...path.split('/')), 'utf8');

describe('commitToFolder on disk', () => {
  it('applies every change, keeps every original in one backup folder, and leaves nothing else', async () => {
    const root = project();
    const report = await commitToFolder(diskFolder(root), changes(root), options);
    for (const [path, content] of Object.entries(upgraded)) expect(text(root, path)).toBe(content);
    expect(Object.keys(projectTree(root)).sort()).toEqual([...Object.keys(upgraded), '.entropy/figures/'].sort());
    expect(report.backup).toBe('.entropy/entropy-migrate-backups/2026-12-06T10-00-00Z-before-upgrade');
    const backup = join(root, ...report.backup!.split('/'));
    expect(readFileSync(join(backup, 'files', '.entropy', 'entropy.db'), 'utf8')).toBe('old db');
    expect(readFileSync(join(backup, 'files', '.entropy', 'entropy.hdf5'), 'utf8')).toBe('global results');
    const [listed] = await listBackups(diskFolder(root), '.entropy/entropy-migrate');
    expect(listed!.manifest.files.filter((f) => f.before === null).map((f) => f.path).sort()).toEqual(
      ['.entropy/entropy.hdf5.bak', '.entropy/hdf5/3.hdf5', '.entropy/params.json.06140c96c8c4.bak'],
    );
  });

  it('restore puts the project back byte for byte and removes what the upgrade added', async () => {
    const root = project();
    const before = treeOf(root);
    await commitToFolder(diskFolder(root), changes(root), options);
    const report = await restoreBackup(diskFolder(root), '.entropy/entropy-migrate', { ...options, token: 't2' });
    expect(treeOf(root)).toEqual(before);
    expect(report.restored.length).toBe(4);
    expect(report.removed.length).toBe(3);
  });

  it('restore refuses when a file changed since the upgrade, and with force keeps what it replaces', async () => {
    const root = project();
    const before = treeOf(root);
    await commitToFolder(diskFolder(root), changes(root), options);
    writeFileSync(join(root, '.entropy', 'entropy.db'), 'saved a result since');
    await expect(restoreBackup(diskFolder(root), '.entropy/entropy-migrate', { ...options, token: 't2' })).rejects.toMatchObject({ code: 'CHANGED_SINCE' });
    expect(text(root, '.entropy/entropy.db')).toBe('saved a result since');
    const report = await restoreBackup(diskFolder(root), '.entropy/entropy-migrate', { ...options, token: 't2', force: true });
    expect(projectTree(root)).toEqual(before);
    expect(readFileSync(join(root, ...report.keptAside!.split('/'), 'files', '.entropy', 'entropy.db'), 'utf8')).toBe('saved a result since');
  });

  it('refuses to write through a link, naming it, and writes nothing', async () => {
    const root = project();
    const outside = tempDir('em-outside-');
    writeFileSync(join(outside, '2.hdf5'), 'experiment 2 elsewhere');
    const { rmSync } = await import('node:fs');
    rmSync(join(root, '.entropy', 'hdf5'), { recursive: true });
    symlinkSync(outside, join(root, '.entropy', 'hdf5'));
    const before = treeOf(root);
    await expect(commitToFolder(diskFolder(root), changes(root), options)).rejects.toMatchObject({ code: 'LINK_IN_PATH', message: expect.stringContaining('.entropy/hdf5 is a symbolic link to') });
    rmSync(join(root, '.entropy', '.entropy.db.1.tmp'));
    expect(treeOf(root)).toEqual(before);
    expect(readFileSync(join(outside, '2.hdf5'), 'utf8')).toBe('experiment 2 elsewhere');
  });

  it("never replaces a user's own file named like a backup, unless forced, and then keeps it", async () => {
    const root = project();
    writeFileSync(join(root, '.entropy', 'entropy.hdf5.bak'), 'my own older copy');
    await expect(commitToFolder(diskFolder(root), changes(root), options)).rejects.toMatchObject({ code: 'FILE_EXISTS' });
    expect(text(root, '.entropy/entropy.hdf5.bak')).toBe('my own older copy');
    const report = await commitToFolder(diskFolder(root), changes(root), { ...options, force: true });
    expect(readFileSync(join(root, ...report.backup!.split('/'), 'files', '.entropy', 'entropy.hdf5.bak'), 'utf8')).toBe('my own older copy');
  });

  it('refuses a folder where a file goes, before anything is written', async () => {
    const root = project();
    const { rmSync } = await import('node:fs');
    rmSync(join(root, '.entropy', 'params.json'));
    mkdirSync(join(root, '.entropy', 'params.json'));
    const before = treeOf(root);
    await expect(commitToFolder(diskFolder(root), changes(root), options)).rejects.toMatchObject({ code: 'NOT_A_FILE' });
    rmSync(join(root, '.entropy', '.entropy.db.1.tmp'));
    expect(treeOf(root)).toEqual(before);
  });
});

class Killed extends Error {}

/** The folder of a process that dies after `budget` file operations: every later one fails too. */
function dyingAfter(folder: CommitFolder, budget: number): { folder: CommitFolder; died: () => boolean } {
  let left = budget;
  return { folder: dyingWhen(folder, () => left-- <= 0), died: () => left < 0 };
}

/** The folder of a process that dies at the first file operation `killed` names: that one and every later one fail. */
function dyingWhen(folder: CommitFolder, killed: (op: string, path: string) => boolean): CommitFolder {
  let dead = false;
  const wrapped = { ...folder } as Record<string, unknown>;
  for (const [name, fn] of Object.entries(folder)) {
    if (typeof fn !== 'function' || name === 'kind' || name === 'readText' || name === 'list' || name === 'stamp' || name === 'linkTarget') continue;
    wrapped[name] = async (...args: unknown[]) => {
      dead ||= killed(name, String(args[1] ?? args[0]));
      if (dead) throw new Killed('killed');
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  }
  return wrapped as unknown as CommitFolder;
}

describe('a commit killed after any file operation', () => {
  it('is wholly old or wholly new once the next run has recovered it, with no stray file', async () => {
    const seen = { old: 0, new: 0 };
    for (let budget = 0; ; budget++) {
      const root = project();
      const original = treeOf(root);
      const dying = dyingAfter(diskFolder(root), budget);
      const result = await commitToFolder(dying.folder, changes(root), options).then(() => 'done', (e) => (e instanceof Killed || dying.died() ? 'killed' : e));
      if (result !== 'done' && result !== 'killed') throw result;
      const recovery = await recoverInterrupted(diskFolder(root), '.entropy/entropy-migrate', { host: 'test', pid: 2 });
      // The caller's own staged database is a pid temp file that the CLI sweeps; leave it out.
      const now = treeOf(root, (p) => p === '.entropy/.entropy.db.1.tmp' || p.startsWith('.entropy/entropy-migrate-backups'));
      if (result === 'done') {
        expect(recovery).toBeNull();
        break;
      }
      if (JSON.stringify(now) === JSON.stringify(original)) {
        seen.old++;
        expect(treeOf(root, (p) => p === '.entropy/.entropy.db.1.tmp')).toEqual(original);
      } else {
        seen.new++;
        for (const [path, content] of Object.entries(upgraded)) expect(text(root, path), `after a kill at operation ${budget}`).toBe(content);
        expect(Object.keys(now).sort()).toEqual([...Object.keys(upgraded), '.entropy/figures/'].sort());
        expect((await listBackups(diskFolder(root), '.entropy/entropy-migrate')).length).toBe(1);
      }
      expect(treeOf(root).hasOwnProperty('.entropy/entropy-migrate-commit.json')).toBe(false);
      expect(Object.keys(treeOf(root)).filter((p) => /staging|\.undo$|\.json\.\w+\.tmp$/.test(p))).toEqual([]);
    }
    console.log(`kills after each of the commit's file operations: ${seen.old} left the project old, ${seen.new} new`);
    expect(seen.old).toBeGreaterThan(3);
    expect(seen.new).toBeGreaterThan(3);
  }, 120_000);

  it('puts back what it renamed when a rename fails part-way (a full disk, a permission)', async () => {
    const root = project();
    const original = treeOf(root);
    let renames = 0;
    const disk = diskFolder(root);
    const folder = { ...disk, rename: async (from: string, to: string) => {
      if (!from.includes('commit.json') && ++renames === 3) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      return disk.rename(from, to);
    } };
    await expect(commitToFolder(folder, changes(root), options)).rejects.toMatchObject({ code: 'IO', message: expect.stringMatching(/no space left on device; the project is as it was\.$/) });
    expect(treeOf(root, (p) => p === '.entropy/.entropy.db.1.tmp')).toEqual(original);
  });

  it('never replaces a file written since it was interrupted, whether it would complete or undo it', async () => {
    const journal = '.entropy/entropy-migrate-commit.json';
    // Killed as it removed the journal (every rename made), then among the renames.
    const kills = [(op: string, path: string) => op === 'remove' && path === journal, (op: string, _path: string, renames: number) => op === 'rename' && renames > 2];
    for (const [n, killedAt] of kills.entries()) {
      const root = project();
      let renames = 0;
      const dying = dyingWhen(diskFolder(root), (op, path) => killedAt(op, path, op === 'rename' && !path.includes('commit.json') ? ++renames : renames));
      await expect(commitToFolder(dying, changes(root), options)).rejects.toBeDefined();
      // Entropy, run on the project as it stood, saved a result into a file the commit had put in place.
      const written = n === 0 ? '.entropy/entropy.db' : '.entropy/params.json';
      expect(text(root, written)).toBe(upgraded[written]);
      writeFileSync(join(root, ...written.split('/')), 'saved a result since');
      const before = treeOf(root);
      const recovery = recoverInterrupted(diskFolder(root), '.entropy/entropy-migrate', { host: 'test', pid: 2 });
      await expect(recovery, `killed ${n === 0 ? 'after' : 'among'} the renames`).rejects.toMatchObject({
        code: 'INTERRUPTED_COMMIT',
        message: expect.stringContaining(`${written} has changed since, so it can be neither completed nor undone automatically; nothing was changed`),
      });
      expect(treeOf(root)).toEqual(before);
    }
  });

  it('when killed among the renames and a staged file is lost, the next run undoes it', async () => {
    const root = project();
    const original = treeOf(root);
    let renames = 0;
    const folder = { ...diskFolder(root) };
    const dying = { ...folder, rename: async (from: string, to: string) => {
      if (!from.includes('commit.json') && ++renames > 2) throw new Killed('killed');
      return folder.rename(from, to);
    }, remove: async (p: string) => { if (renames > 2) throw new Killed('killed'); return folder.remove(p); },
       removeTree: async (p: string) => { if (renames > 2) throw new Killed('killed'); return folder.removeTree(p); },
       keepCopy: async (a: string, b: string) => { if (renames > 2) throw new Killed('killed'); return folder.keepCopy(a, b); } };
    await expect(commitToFolder(dying, changes(root), options)).rejects.toBeDefined();
    const { rmSync } = await import('node:fs');
    rmSync(join(root, '.entropy', '.entropy.db.1.tmp'));
    const recovery = await recoverInterrupted(diskFolder(root), '.entropy/entropy-migrate', { host: 'test', pid: 2 });
    expect(recovery?.outcome).toBe('undone');
    expect(recovery?.sentence).toMatch(/undone, and the project is as it was before it/);
    expect(treeOf(root)).toEqual(original);
  });
});
