/**
 * The oracle: every case of the kit's make-project and the projects of our own making are
 * upgraded by Entropy 0.15.9's own `entropy upgrade` and by entropy-migrate (--in-place, and
 * without it into a new folder, default and -o); Entropy 0.15.9 must show the user exactly
 * the same in every result (compare-views, byte sizes of files aside). The backup files'
 * names are part of the view (files_before_open), so Entropy's backups must be there too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KIT, kit, kitPresent, MISSING_KIT } from './kit.ts';
import { OWN_PROJECTS } from './own-projects.ts';
import { MODES, runCase, type OracleCase } from './pipeline.ts';

/** Cases where Entropy's own upgrade fails: they have their own tests (better-than-entropy). */
const ENTROPY_FAILS = new Set(['c2_06140c96c8c4_v012params']);

/** Results Entropy 0.15.9 shows after its own upgrade of each kit case (the kit's README). */
const KIT_RESULTS: Record<string, number> = { a_04ae19b32c08: 42, b_pre_alembic: 28, b_file: 28, c_06140c96c8c4: 42, d_global_hdf5: 365 };

function kitCases(): OracleCase[] {
  if (!kitPresent) return [];
  const list = spawnSync(join(KIT, 'make-project'), ['--list'], { encoding: 'utf8' });
  return list.stdout
    .split('\n')
    .map((line) => line.split('\t')[0]!)
    .filter((name) => name && !ENTROPY_FAILS.has(name))
    .map((name) => ({
      name,
      bareDb: name === 'b_file' ? 'lab.db' : undefined,
      make: async (dir: string) => {
        const r = await kit('make-project', dir, name);
        if (r.code !== 0) throw new Error(`make-project ${name} exited ${r.code}: ${r.err}`);
      },
    }));
}

const work = mkdtempSync(join(tmpdir(), 'em-oracle-'));
const timings: string[] = [];
afterAll(() => {
  if (timings.length) console.log(`oracle cases (wall time each, run concurrently):\n${timings.sort().join('\n')}`);
  if (process.env.ORACLE_KEEP) console.log(`oracle work folder kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
});

describe('the oracle kit', () => {
  it(`is present at ${KIT}`, () => {
    // Fail, not skip: without the judge nothing here would be checked.
    expect(kitPresent, MISSING_KIT).toBe(true);
    expect(kitCases().map((c) => c.name)).toEqual(expect.arrayContaining(Object.keys(KIT_RESULTS)));
  });
});

const cases = [...kitCases(), ...OWN_PROJECTS];

describe.concurrent('Entropy 0.15.9 sees the same project after entropy upgrade and after entropy-migrate', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const outcome = await runCase(c, work);
    timings.push(`  ${name}: ${(outcome.ms / 1000).toFixed(1)} s`);

    expect(outcome.entropy.code, `Entropy's upgrade failed:\n${outcome.entropy.err}`).toBe(0);
    const opened = outcome.entropyView.calls['SqlAlchemyDB(<project>)'];
    expect(opened, 'Entropy cannot open its own upgrade').toEqual({ value: 'opened' });
    if (name in KIT_RESULTS) expect(outcome.entropyView.calls['get_results()']?.value).toHaveLength(KIT_RESULTS[name]!);

    for (const mode of MODES) {
      expect(outcome.ours[mode].code, `entropy-migrate ${mode}:\n${outcome.ours[mode].err}`).toBe(0);
      expect(outcome.diffs[mode], `after entropy-migrate ${mode}, Entropy 0.15.9 shows something else`).toBe('');
    }
    if (outcome.inPlaceNoOp) {
      expect(outcome.inPlaceNoOp.extra).toEqual([]);
      expect(outcome.inPlaceNoOp.missing.filter((f) => f !== '.entropy/hdf5/')).toEqual([]);
    } else {
      expect(outcome.inPlaceFiles).toEqual({ missing: [], extra: [] });
    }
    // A new folder leaves the project it was made from as it was, byte for byte.
    expect(outcome.sourceAfter).toEqual(outcome.sourceBefore);
    // restore after --in-place gives back every file byte for byte (a bare database: kept beside).
    expect(outcome.restoreRun.code, outcome.restoreRun.err).toBe(0);
    const original = c.bareDb ? { [c.bareDb]: outcome.sourceBefore[c.bareDb] } : outcome.sourceBefore;
    expect(outcome.restored).toEqual(original);
  });
});
