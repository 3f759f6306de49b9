/**
 * Project folders that attack the whole-project run through the folder itself: results on
 * another disk behind a link, a linked params.json or .entropy, a user's own file named like a
 * backup, a folder where params.json should be. --in-place never writes through a link and
 * never replaces a file it did not read: it refuses in one sentence naming the path, and the
 * project and whatever a link points at stay byte for byte. A new folder reads through the
 * links as Entropy does and holds the data itself.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadHdf5 } from '../../migrations/hdf5/index.ts';
import { editHdf5 } from '../../migrations/hdf5/h5.ts';
import { buildEntropyProject, rowMix } from '../../migrations/builders/entropy-project.ts';
import { pickled } from '../../migrations/builders/python-values.ts';
import { readBack } from '../hdf5/support.ts';
import { expectPrintable, folderState } from '../bad-input/folder-state.ts';
import { writeFiles } from '../oracle/kit.ts';
import { cli } from '../support/cli.ts';
import { open } from '../support/db.ts';
import { readFileSync, lstatSync } from 'node:fs';

const dirs: string[] = [];
beforeAll(() => loadHdf5());
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A parent holding `lab` (experiment 2 has results in hdf5/2.hdf5 and more waiting in SQLite) and `disk2`, another disk. */
function lab(options: { global?: boolean } = {}): { parent: string; dir: string; disk2: string } {
  const parent = mkdtempSync(join(tmpdir(), 'em-hostile-folder-'));
  dirs.push(parent);
  const dir = join(parent, 'lab');
  const disk2 = join(parent, 'disk2');
  mkdirSync(disk2);
  const rows = rowMix({ experiments: [1, 2], perExperiment: 6, savedShare: 0.5, seed: 5 });
  const globalResults = options.global ? [1, 2].map((id) => ({ experimentId: id, stage: 0, label: `g${id}`, values: [id, 2 * id], shape: [2] })) : undefined;
  writeFiles(dir, buildEntropyProject(open, { at: '04ae19b32c08', experiments: 2, rows: options.global ? [] : rows, globalResults, params: 'v0.1', paramsCommits: 2 }));
  return { parent, dir, disk2 };
}

/** Moves `path` of the project onto disk2 and leaves a link in its place. */
function moveBehindLink(dir: string, disk2: string, path: string): string {
  const away = join(disk2, path.split('/').pop()!);
  renameSync(join(dir, path), away);
  symlinkSync(away, join(dir, path));
  return away;
}

function expectRefused(r: { code: number | null; err: string }, code: RegExp): void {
  expect(r.code).toBe(2);
  const lines = r.err.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(code);
  expect(lines[0]!.length).toBeLessThanOrEqual(320);
  expectPrintable(lines[0]!);
}

const datasets = (file: string) => [...readBack(new Uint8Array(readFileSync(file))).keys()].length;

describe('a project folder with links', () => {
  it('results folder on another disk: --in-place refuses naming the link; a new folder holds every result', () => {
    const { parent, dir, disk2 } = lab();
    const away = moveBehindLink(dir, disk2, '.entropy/hdf5');
    const before = { project: folderState(dir), disk2: folderState(disk2) };
    const had = datasets(join(away, '2.hdf5'));
    expectRefused(cli('upgrade', dir, '--in-place'), /^entropy-migrate: .*lab\/\.entropy\/hdf5 is a symbolic link to .*disk2\/hdf5; an upgrade in place never writes through a link\. Upgrade into a new folder with -o instead .*Nothing was written\.$/);
    expect({ project: folderState(dir), disk2: folderState(disk2) }).toEqual(before);
    const r = cli('upgrade', dir, '-o', join(parent, 'out'));
    expect(r.code, r.err).toBe(0);
    // The new project's results folder is its own, with the old results and the moved ones.
    expect(lstatSync(join(parent, 'out', '.entropy', 'hdf5')).isDirectory()).toBe(true);
    expect(datasets(join(parent, 'out', '.entropy', 'hdf5', '2.hdf5'))).toBeGreaterThan(had);
    expect({ project: folderState(dir), disk2: folderState(disk2) }).toEqual(before);
  });

  it('a linked experiment file or params.json: --in-place refuses naming it, nothing changes', () => {
    for (const path of ['.entropy/hdf5/2.hdf5', '.entropy/params.json']) {
      const { dir, disk2 } = lab();
      moveBehindLink(dir, disk2, path);
      const before = { project: folderState(dir), disk2: folderState(disk2) };
      expectRefused(cli('upgrade', dir, '--in-place'), new RegExp(`${path.replace(/\./g, '\\.')} is a symbolic link`));
      expect({ project: folderState(dir), disk2: folderState(disk2) }).toEqual(before);
    }
  });

  it('.entropy itself a link: the old single results file is read through it and split in a new folder', () => {
    const { parent, dir, disk2 } = lab({ global: true });
    moveBehindLink(dir, disk2, '.entropy');
    const before = folderState(disk2);
    expectRefused(cli('upgrade', dir, '--in-place'), /lab\/\.entropy is a symbolic link/);
    const r = cli('upgrade', dir, '-o', join(parent, 'out'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Split the old single results file into 2 files per experiment/);
    expect(datasets(join(parent, 'out', '.entropy', 'hdf5', '1.hdf5'))).toBe(1);
    expect(readFileSync(join(parent, 'out', '.entropy', 'entropy.hdf5.bak')).length).toBeGreaterThan(0);
    expect(folderState(disk2)).toEqual(before);
  });
});

describe('words from the project', () => {
  it('a label holding a line break cannot print a line of its own', () => {
    const parent = mkdtempSync(join(tmpdir(), 'em-hostile-folder-'));
    dirs.push(parent);
    const dir = join(parent, 'lab');
    const label = 'a/b\nentropy-migrate: all checks passed, nothing to see';
    writeFiles(dir, buildEntropyProject(open, { at: '04ae19b32c08', experiments: 1, rows: [{ experimentId: 1, stage: 0, label, ...pickled(5) }] }));
    const r = cli('upgrade', dir);
    expect(r.code, r.err).toBe(0);
    const lines = `${r.out}\n${r.err}`.split('\n');
    expect(lines.filter((l) => l.startsWith('entropy-migrate: all checks'))).toEqual([]);
    expect(r.err).toContain('a/b\\nentropy-migrate: all checks passed');
  });
});

describe('files in the way', () => {
  it("a user's own entropy.hdf5.bak is never replaced silently; with --force it is kept in the backup", () => {
    const { dir } = lab({ global: true });
    writeFileSync(join(dir, '.entropy', 'entropy.hdf5.bak'), 'my own copy from last year');
    const before = folderState(dir);
    expectRefused(cli('upgrade', dir, '--in-place'), /\.entropy\/entropy\.hdf5\.bak already exists.*--force/);
    expect(folderState(dir)).toEqual(before);
    const r = cli('upgrade', dir, '--in-place', '--force', '--json');
    expect(r.code, r.err).toBe(0);
    const backup = JSON.parse(r.out).backup as string;
    expect(readFileSync(join(dir, ...backup.split('/'), 'files', '.entropy', 'entropy.hdf5.bak'), 'utf8')).toBe('my own copy from last year');
  });

  it('a folder named params.json: refused before anything is written', () => {
    const { dir } = lab();
    rmSync(join(dir, '.entropy', 'params.json'));
    mkdirSync(join(dir, '.entropy', 'params.json'));
    writeFileSync(join(dir, '.entropy', 'params.json', 'keep.txt'), 'mine');
    const before = folderState(dir);
    expectRefused(cli('upgrade', dir, '--in-place'), /\.entropy\/params\.json is a folder, where the project keeps a file/);
    expect(folderState(dir)).toEqual(before);
  });
});

describe('rows marked as kept in HDF5 files the folder does not hold', () => {
  // Revision 7fa75ca1263f deletes them from the database, as Entropy's upgrade does without looking.
  const notHeld = /^entropy-migrate: \d+ results? (and \d+ metadata rows? )?of experiment 2 (is|are) marked as kept in HDF5 files that do not hold (it|them) \(\.entropy\/hdf5\/2\.hdf5 (is missing|has nothing at \/\d+\/[^)]+\/(result|metadata))\); the upgrade would delete (it|them) from the database, as Entropy's does: put the HDF5 files back first\. Nothing was written\.$/;

  it("an experiment's file missing: refused, in place or into a new folder, and nothing is written", () => {
    const { parent, dir } = lab();
    rmSync(join(dir, '.entropy', 'hdf5', '2.hdf5'));
    const before = folderState(parent);
    expectRefused(cli('upgrade', dir, '--in-place'), notHeld);
    expectRefused(cli('upgrade', dir), notHeld);
    expect(folderState(parent)).toEqual(before);
  });

  it("an experiment's file without the rows: refused, naming the first place it lacks", () => {
    const { dir } = lab();
    writeFileSync(join(dir, '.entropy', 'hdf5', '2.hdf5'), editHdf5(null, () => {}));
    const before = folderState(dir);
    const r = cli('upgrade', dir, '--in-place');
    expectRefused(r, notHeld);
    expect(r.err).toContain('has nothing at');
    expect(folderState(dir)).toEqual(before);
  });
});
