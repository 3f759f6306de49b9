/**
 * Hostile HDF5 sides of a project (migrations/builders/hostile-hdf5.ts), judged by Entropy 0.15.9:
 * where Entropy's own upgrade completes (two names of one experiment id, id 2^63-1, links that
 * loop, a sparse 2 GiB dataset) it must see the same project after ours; where it stops (one
 * stage under two names of one id) ours refuses in one sentence and changes nothing.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHdf5 } from '../../migrations/hdf5/index.ts';
import { buildEntropyProject, rowMix } from '../../migrations/builders/entropy-project.ts';
import {
  int64MaxExperimentProject,
  linkCyclesExperimentHdf5,
  linkCyclesHdf5,
  projectWithGlobalHdf5,
  sparseHdf5,
  twinExperimentGroupsHdf5,
  twinGroupsSameStageHdf5,
} from '../../migrations/builders/hostile-hdf5.ts';
import { expectPrintable } from '../bad-input/folder-state.ts';
import { HEAD, open } from '../support/db.ts';
import { fingerprint, kit, migrate, writeFiles } from './kit.ts';
import { MODES, runCase, type OracleCase } from './pipeline.ts';

await loadHdf5();

const work = mkdtempSync(join(tmpdir(), 'em-oracle-hdf5-'));
afterAll(() => {
  if (process.env.ORACLE_KEEP) console.log(`oracle work folder kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
});

const CASES: readonly OracleCase[] = [
  { name: 'hdf5_twin_experiment_groups', make: (dir) => writeFiles(dir, projectWithGlobalHdf5(open, twinExperimentGroupsHdf5())) },
  { name: 'hdf5_int64_max_experiment', make: (dir) => writeFiles(dir, int64MaxExperimentProject(open)) },
  { name: 'hdf5_link_cycles_global', make: (dir) => writeFiles(dir, projectWithGlobalHdf5(open, linkCyclesHdf5())) },
  {
    name: 'hdf5_link_cycles_experiment_file',
    make: (dir) => {
      const files = buildEntropyProject(open, { at: HEAD, experiments: 2, rows: rowMix({ experiments: [1], perExperiment: 4, savedShare: 0, seed: 41 }) });
      files.set('.entropy/hdf5/1.hdf5', linkCyclesExperimentHdf5());
      writeFiles(dir, files);
    },
  },
  // 512 MiB, not the 2 GiB of tests/hdf5/hostile.test.ts: each of Entropy's four views reads the
  // whole array several times (get_results, per experiment, the dashboard), minutes at 2 GiB.
  { name: 'hdf5_sparse_512mib', make: (dir) => writeFiles(dir, projectWithGlobalHdf5(open, sparseHdf5(512 * 1024 ** 2, new Map([[0, 11], [100_000_000, 22]])))) },
];

describe.concurrent('hostile HDF5 files Entropy 0.15.9 upgrades: it sees the same after ours', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const outcome = await runCase(c, work);
    expect(outcome.entropy.code, `Entropy's upgrade failed:\n${outcome.entropy.err}`).toBe(0);
    expect(outcome.entropyView.calls['SqlAlchemyDB(<project>)']).toEqual({ value: 'opened' });
    for (const mode of MODES) {
      expect(outcome.ours[mode].code, `entropy-migrate ${mode}:\n${outcome.ours[mode].err}`).toBe(0);
      expect(outcome.diffs[mode], `after entropy-migrate ${mode}, Entropy 0.15.9 shows something else`).toBe('');
    }
    expect(outcome.sourceAfter).toEqual(outcome.sourceBefore);
  });
});

describe('hostile HDF5 files Entropy 0.15.9 stops at', () => {
  it('one stage under /experiments/1 and /experiments/01: Entropy stops, ours refuses in one sentence and writes nothing', async () => {
    const orig = join(work, 'twin_same_stage', 'orig');
    writeFiles(orig, projectWithGlobalHdf5(open, twinGroupsSameStageHdf5()));
    const entropyDir = join(work, 'twin_same_stage', 'entropy');
    const ours = join(work, 'twin_same_stage', 'ours');
    cpSync(orig, entropyDir, { recursive: true });
    cpSync(orig, ours, { recursive: true });
    const before = fingerprint(ours);
    const [entropy, mine] = await Promise.all([kit('entropy-upgrade', entropyDir), migrate('upgrade', ours, '--in-place')]);
    expect(entropy.code).not.toBe(0);
    expect(entropy.err).toMatch(/destination object already exists|already exists/);
    expect(mine.code).toBe(2);
    const lines = mine.err.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\/experiments\/01.*Entropy's upgrade stops there/);
    expectPrintable(lines[0]!);
    expect(fingerprint(ours)).toEqual(before);
  });
});
