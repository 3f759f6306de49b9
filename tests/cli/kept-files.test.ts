/**
 * A whole-project run keeps the files it writes on disk until they are renamed into place
 * (src/cli/kept-files.ts): nothing of that staging is left behind, after a run that succeeds
 * or one that fails after some experiments' files were already kept, and --json still calls
 * every file the run wrote 'write'.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadHdf5 } from '../../migrations/hdf5/index.ts';
import { buildEntropyProject, rowMix } from '../../migrations/builders/entropy-project.ts';
import { pickled } from '../../migrations/builders/python-values.ts';
import type { RowSpec } from '../../migrations/builders/hdf5-files.ts';
import { folderState } from '../bad-input/folder-state.ts';
import { cli } from '../support/cli.ts';
import { HEAD, open } from '../support/db.ts';
import { writeFiles } from '../oracle/kit.ts';

const EXPERIMENTS = 4;
const dirs: string[] = [];
beforeAll(() => loadHdf5());
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A parent folder holding one project, `lab`; with `extra` rows for the move. */
function lab(extra: readonly RowSpec[] = []): { parent: string; dir: string } {
  const parent = mkdtempSync(join(tmpdir(), 'em-kept-'));
  dirs.push(parent);
  const dir = join(parent, 'lab');
  const ids = Array.from({ length: EXPERIMENTS }, (_, i) => i + 1);
  const rows = [...rowMix({ experiments: ids, perExperiment: 2, savedShare: 0, seed: 3 }), ...extra];
  writeFiles(dir, buildEntropyProject(open, { at: HEAD, experiments: EXPERIMENTS, rows }));
  return { parent, dir };
}

/** The same place twice in the last experiment: the move fails after experiments 1 to 3 were kept. */
const clash: RowSpec[] = [1, 2].map((n) => ({ experimentId: EXPERIMENTS, stage: 9, label: 'twice', ...pickled(n) }));

const hdf5Files = (state: Record<string, string>) => Object.keys(state).filter((p) => p.startsWith('lab.upgraded/.entropy/hdf5/'));

describe('files kept on disk during a whole-project run', () => {
  it('a new folder holds the project and nothing of the staging; --json says write', () => {
    const { parent, dir } = lab();
    const r = cli('upgrade', dir, '--json');
    expect(r.code, r.err).toBe(0);
    const state = folderState(parent);
    expect(Object.keys(state).filter((p) => /\.tmp(\/|$)|\.kept$|entropy-migrate/.test(p))).toEqual([]);
    expect(hdf5Files(state)).toHaveLength(EXPERIMENTS);
    const files = JSON.parse(r.out).files as { kind: string; path: string }[];
    expect(new Set(files.map((f) => f.kind))).toEqual(new Set(['write']));
    expect(files.map((f) => f.path)).toContain(`.entropy/hdf5/${EXPERIMENTS}.hdf5`);
  });

  it('--in-place leaves only the upgraded project in the folder', () => {
    const { dir } = lab();
    const r = cli('upgrade', dir, '--in-place');
    expect(r.code, r.err).toBe(0);
    const paths = Object.keys(folderState(dir));
    // Only the backup of what it replaced, for restore; none of the run's own temporary files.
    expect(paths.filter((p) => /\.tmp(\/|$)|\.kept$|entropy-migrate/.test(p) && !p.startsWith('.entropy/entropy-migrate-backups'))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('/manifest.json'))).toHaveLength(1);
  });

  it('the kept files of a run that was killed are removed by the next run, those of a live one are not', () => {
    const { dir } = lab();
    // A pid far above any real one is a process that is gone; this test's own is alive.
    const stale = join(dir, '.entropy', '.entropy.db.files.999999999.tmp');
    const live = join(dir, '.entropy', `.entropy.db.files.${process.pid}.tmp`);
    for (const folder of [stale, live]) {
      mkdirSync(folder);
      writeFileSync(join(folder, '1.kept'), 'an HDF5 file half written');
    }
    const r = cli('upgrade', dir, '--in-place');
    expect(r.code, r.err).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(join(live, '1.kept'))).toBe(true);
  });

  it('the new folder a killed run was building beside -o is removed by the next run, a live one\'s is not', () => {
    const { parent, dir } = lab();
    const stale = join(parent, '.out.999999999.tmp');
    const live = join(parent, `.out.${process.pid}.tmp`);
    for (const folder of [stale, live]) mkdirSync(join(folder, '.entropy'), { recursive: true });
    const r = cli('upgrade', dir, '-o', join(parent, 'out'));
    expect(r.code, r.err).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it.each([[[]], [['--in-place']]])('a move that fails after some files were kept leaves everything as it was (%j)', (extra: string[]) => {
    const { parent, dir } = lab(clash);
    const before = folderState(parent);
    const r = cli('upgrade', dir, ...extra);
    expect(r.code).toBe(2);
    expect(r.err).toContain('twice');
    expect(folderState(parent)).toEqual(before);
  });
});
