/**
 * What the command says after a whole-project run of a lab with many experiments: the files
 * it wrote counted per folder and the experiments counted, not listed one by one (a project
 * with 1,555 experiments made a 30,000-character line); --json still lists every file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadHdf5 } from '../../migrations/hdf5/index.ts';
import { buildEntropyProject, rowMix } from '../../migrations/builders/entropy-project.ts';
import { cli } from '../support/cli.ts';
import { HEAD, open } from '../support/db.ts';
import { writeFiles } from '../oracle/kit.ts';

const EXPERIMENTS = 12;
const dirs: string[] = [];
beforeAll(() => loadHdf5());
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'em-summary-'));
  dirs.push(dir);
  const ids = Array.from({ length: EXPERIMENTS }, (_, i) => i + 1);
  writeFiles(dir, buildEntropyProject(open, { at: HEAD, experiments: EXPERIMENTS, rows: rowMix({ experiments: ids, perExperiment: 2, savedShare: 0, seed: 5 }) }));
  return dir;
}

describe('the summary of a project with many experiments', () => {
  it('counts the HDF5 files and the experiments instead of listing them', () => {
    const dir = project();
    const r = cli('upgrade', dir, '--in-place');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`wrote ${EXPERIMENTS} files in .entropy/hdf5/`);
    expect(r.out).toContain(`of ${EXPERIMENTS} experiments (1 to ${EXPERIMENTS})`);
    expect(r.out).not.toContain('.entropy/hdf5/7.hdf5');
    for (const line of r.out.split('\n')) expect(line.length).toBeLessThan(400);
  });

  it('lists every file in --json', () => {
    const dir = project();
    const r = cli('upgrade', dir, '--in-place', '--json');
    expect(r.code, r.err).toBe(0);
    const text = r.out;
    for (let id = 1; id <= EXPERIMENTS; id++) expect(text).toContain(`.entropy/hdf5/${id}.hdf5`);
  });
});
