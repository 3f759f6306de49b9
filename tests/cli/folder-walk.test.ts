/**
 * The CLI's one folder walk (src/cli/folder-walk.ts): name order, parents first, links
 * followed only when asked and a loop through them not entered again, a folder left out when
 * the visitor says so, an unreadable folder handed to the caller, and a tree deeper than the
 * call stack would allow for a recursive walk.
 */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkFolder, type WalkEntry } from '../../src/cli/folder-walk.ts';
import { tempDir } from '../support/temp.ts';

function walked(root: string, followLinks: boolean, skip: (entry: WalkEntry) => boolean = () => false): string[] {
  const seen: string[] = [];
  walkFolder(root, {
    followLinks,
    visit(dir, entries) {
      seen.push(`${relative(root, dir) || '.'}: ${entries.map((e) => `${e.name}(${e.kind}${e.isLink ? ', link' : ''})`).join(' ')}`);
      return entries.filter(skip).map((e) => e.name);
    },
  });
  return seen;
}

describe('walkFolder', () => {
  it('lists each folder once, in name order, parents first; a link loop is not entered again', () => {
    const root = tempDir('walk-');
    mkdirSync(join(root, 'b', 'inner'), { recursive: true });
    mkdirSync(join(root, 'a'));
    writeFileSync(join(root, 'a', 'x.hdf5'), '');
    writeFileSync(join(root, 'c.txt'), '');
    symlinkSync('..', join(root, 'b', 'inner', 'up'));
    symlinkSync(join(root, 'nowhere'), join(root, 'dead'));
    expect(walked(root, true)).toEqual([
      '.: a(folder) b(folder) c.txt(file) dead(broken-link, link)',
      'a: x.hdf5(file)',
      'b: inner(folder)',
      'b/inner: up(folder, link)',
    ]);
    expect(walked(root, false)).toEqual([
      '.: a(folder) b(folder) c.txt(file) dead(link, link)',
      'a: x.hdf5(file)',
      'b: inner(folder)',
      'b/inner: up(link, link)',
    ]);
  });

  it('does not enter a folder the visitor leaves out', () => {
    const root = tempDir('walk-');
    mkdirSync(join(root, 'keep'));
    mkdirSync(join(root, 'skip'));
    writeFileSync(join(root, 'skip', 'hidden'), '');
    expect(walked(root, false, (e) => e.name === 'skip')).toEqual(['.: keep(folder) skip(folder)', 'keep: ']);
  });

  it.skipIf(process.getuid?.() === 0)('hands an unreadable folder to the caller, or throws without a handler', () => {
    const root = tempDir('walk-');
    mkdirSync(join(root, 'locked'));
    chmodSync(join(root, 'locked'), 0o000);
    try {
      const unreadable: string[] = [];
      walkFolder(root, { followLinks: false, visit: () => undefined, unreadable: (dir, error) => unreadable.push(`${relative(root, dir)} ${(error as NodeJS.ErrnoException).code}`) });
      expect(unreadable).toEqual(['locked EACCES']);
      expect(() => walkFolder(root, { followLinks: false, visit: () => undefined })).toThrow(/EACCES/);
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });

  it('walks a tree 1,500 folders deep', () => {
    const root = tempDir('walk-');
    let dir = root;
    for (let i = 0; i < 1500; i++) dir = join(dir, 'd');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'bottom'), '');
    const seen = walked(root, true);
    expect(seen).toHaveLength(1501);
    expect(seen.at(-1)).toMatch(/: bottom\(file\)$/);
  });
});
