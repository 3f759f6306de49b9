/** applyToFolder: a project folder updated all or nothing, folders included. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyToFolder } from '../../src/cli/project-folder.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'em-folder-'));
  dirs.push(root);
  mkdirSync(join(root, '.entropy'));
  writeFileSync(join(root, '.entropy', 'entropy.db'), 'old db');
  writeFileSync(join(root, '.entropy', 'params.json'), '{}');
  return root;
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('applyToFolder', () => {
  it('makes the folders an upgrade always leaves, even empty', () => {
    const root = project();
    applyToFolder(root, { database: { kind: 'write', path: '.entropy/entropy.db', bytes: bytes('new db') }, changes: [], folders: ['.entropy/hdf5'] });
    expect(readdirSync(join(root, '.entropy', 'hdf5'))).toEqual([]);
    expect(readFileSync(join(root, '.entropy', 'entropy.db'), 'utf8')).toBe('new db');
  });

  it('on failure leaves no file and no folder it made', () => {
    const root = project();
    // a file where a folder must go: writing .entropy/params.json/x fails after other work was staged
    const changes = [
      { kind: 'write' as const, path: '.entropy/hdf5/deep/1.hdf5', bytes: bytes('h5') },
      { kind: 'write' as const, path: '.entropy/params.json/x', bytes: bytes('x') },
    ];
    expect(() => applyToFolder(root, { database: { kind: 'write', path: '.entropy/entropy.db', bytes: bytes('new db') }, changes, folders: ['.entropy/empty'] })).toThrow(/as it was/);
    expect(readdirSync(join(root, '.entropy')).sort()).toEqual(['entropy.db', 'params.json']);
    expect(readFileSync(join(root, '.entropy', 'entropy.db'), 'utf8')).toBe('old db');
    expect(existsSync(join(root, '.entropy', 'hdf5'))).toBe(false);
  });
});
