/**
 * A whole-project run reads back everything it wrote before anything reaches the folder:
 * `--json` reports checks.readBack with the counts of results, metadata rows and params.json
 * commits (equal to what was moved, split and converted), the text says it in words, and a
 * run whose writer corrupts a value is refused with the folder left as it was.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadHdf5 } from '../../migrations/hdf5/index.ts';
import { hdf5MoveWork } from '../../migrations/hdf5/finishing.ts';
import { writeRow, type UtcOffset } from '../../migrations/hdf5/layout.ts';
import type { File } from '../../migrations/hdf5/h5.ts';
import type { DecodedRow } from '../../migrations/hdf5/rows.ts';
import { buildEntropyProject, rowMix, type EntropyProjectOptions } from '../../migrations/builders/entropy-project.ts';
import { main } from '../../src/cli/main.ts';
import { expectPrintable, folderState } from '../bad-input/folder-state.ts';
import { cli } from '../support/cli.ts';
import { entropy, open } from '../support/db.ts';
import { writeFiles } from '../oracle/kit.ts';

const dirs: string[] = [];
beforeAll(() => loadHdf5());
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function lab(options: EntropyProjectOptions): { parent: string; dir: string } {
  const parent = mkdtempSync(join(tmpdir(), 'em-readback-'));
  dirs.push(parent);
  const dir = join(parent, 'lab');
  writeFiles(dir, buildEntropyProject(open, options));
  return { parent, dir };
}

const rows = rowMix({ experiments: [1, 2, 3], perExperiment: 12, savedShare: 0, seed: 31 });
const results = rows.filter((r) => (r.entity ?? 'result') === 'result').length;
const metadata = rows.length - results;

describe('checks.readBack of a whole-project run', () => {
  it('counts every result, metadata row and params.json commit it wrote, and says so', () => {
    const { dir } = lab({ at: '04ae19b32c08', experiments: 3, rows, params: 'v0.1', paramsCommits: 6, seed: 31 });
    const json = cli('upgrade', dir, '-o', `${dir}.json`, '--json');
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out).checks.readBack).toEqual({ paramsCommits: 6, results, metadata });
    const text = cli('upgrade', dir, '-o', `${dir}.text`);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain(`  ✓ 6 of 6 params.json commits, ${results} of ${results} results and ${metadata} of ${metadata} metadata rows read back and equal before anything was written.`);
    expect(text.out).toMatch(/integrity, foreign-key and read-back checks passed/);
  });

  it('counts the datasets of a split old results file', () => {
    const { dir } = lab({
      at: '04ae19b32c08',
      experiments: 2,
      globalResults: [
        { experimentId: 1, stage: 0, label: 'a', values: [1], shape: [] },
        { experimentId: 1, stage: 1, label: 'b', values: [1, 2], shape: [2] },
        { experimentId: 2, stage: 0, label: 'c', values: [3, 4, 5, 6], shape: [2, 2] },
      ],
    });
    const r = cli('upgrade', dir, '--json');
    expect(r.code, r.err).toBe(0);
    // Entropy writes a params.json holding only its version: 0 commits, read back too
    expect(JSON.parse(r.out).checks.readBack).toEqual({ paramsCommits: 0, results: 3, metadata: 0 });
  });
});

describe('a writer that corrupts what it writes', () => {
  /** Gets every array or text value of experiment 2 slightly wrong, as a faulty writer would. */
  const corrupt = (file: File, row: DecodedRow, offset: UtcOffset) => {
    const s = row.storage;
    if (row.experimentId !== '2') return writeRow(file, row, offset);
    if (s.kind === 'text') return writeRow(file, { ...row, storage: { kind: 'text', text: `${s.text}!` } }, offset);
    if (s.kind !== 'array' || s.array.data.length === 0) return writeRow(file, row, offset);
    const data = s.array.data.slice();
    data[0]! ^= 1;
    return writeRow(file, { ...row, storage: { kind: 'array', array: { ...s.array, data } } }, offset);
  };
  const broken = { ...entropy, finishing: [hdf5MoveWork({ writeRow: corrupt })] };

  it.each([[['--in-place']], [[]]])('is refused in one sentence, with the folder as it was (%j)', async (extra: string[]) => {
    const { parent, dir } = lab({ at: '04ae19b32c08', experiments: 3, rows, params: 'v0.1', seed: 32 });
    const before = folderState(parent);
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['upgrade', dir, ...extra], broken, { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^entropy-migrate: (Results|ExperimentMetadata) row \d+ \(experiment 2, label "[^"]+"\): \.entropy\/hdf5\/2\.hdf5, read back, does not hold what was written at .* \(the (array|text) differs\)\. Nothing was written/);
    expectPrintable(err[0]!);
    expect(folderState(parent)).toEqual(before);
    expect(existsSync(`${dir}.upgraded`)).toBe(false);
  });
});
