/**
 * What the command says after a whole-project run of a lab with many experiments: the files
 * it wrote counted per folder and the experiments counted, not listed one by one (a project
 * with 1,555 experiments made a 30,000-character line), and its warnings the same way (the
 * bench's project gave 7,677 lines of them); --json still lists every file and warning.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadHdf5 } from '../../migrations/hdf5/index.ts';
import { buildEntropyProject, rowMix } from '../../migrations/builders/entropy-project.ts';
import { pickled } from '../../migrations/builders/python-values.ts';
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

  it('prints the first warnings and counts the rest, which --json lists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'em-summary-'));
    dirs.push(dir);
    // Every label nests groups: a warning for each of the 36 rows.
    const rows = Array.from({ length: 36 }, (_, i) => ({ experimentId: 1 + (i % 3), stage: 0, label: `scan/point ${i}`, ...pickled(i) }));
    writeFiles(dir, buildEntropyProject(open, { at: HEAD, experiments: 3, rows }));
    const plain = cli('upgrade', dir, '-o', `${dir}-plain`);
    dirs.push(`${dir}-plain`, `${dir}-json`);
    expect(plain.code, plain.err).toBe(0);
    const warnings = plain.err.split('\n').filter((line) => line.startsWith('warning: '));
    expect(warnings).toHaveLength(20);
    expect(warnings.slice(0, 19).every((line) => line.includes('which Entropy\'s layout turns into nested groups'))).toBe(true);
    expect(warnings[19]).toBe('warning: 17 more warnings like these; --json lists them all.');
    const json = cli('upgrade', dir, '-o', `${dir}-json`, '--json');
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out).finished.warnings).toHaveLength(36);
  });
});
