/**
 * A whole-project `upgrade --in-place` killed with SIGKILL at every phase, the renames at the
 * end included (slowed down through the CLI's test hook so that a kill lands among them):
 * once the next command has run, the project is the original or exactly what a run that was
 * never stopped leaves, with no stray file, and restore still gives back the original.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHdf5 } from '../../migrations/hdf5/index.ts';
import { buildEntropyProject, rowMix } from '../../migrations/builders/entropy-project.ts';
import { writeFiles } from '../oracle/kit.ts';
import { BIN, cli } from '../support/cli.ts';
import { open } from '../support/db.ts';
import { treeOf, type Digest, type Tree } from '../support/folder-tree.ts';
import { readBack } from '../hdf5/support.ts';

const EXPERIMENTS = 12;
const JOURNAL = '.entropy/entropy-migrate-commit.json';
const BACKUPS = '.entropy/entropy-migrate-backups';
const work = mkdtempSync(join(tmpdir(), 'em-kill-project-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const original = join(work, 'original');
/** The original: byte for byte, and as projectTree sees it. */
let beforeBytes: Tree;
let before: Tree;
let upgraded: Tree;

/** HDF5 files by what they hold: HDF5 writes the time into an object's header. */
const hdf5Content: Digest = (path, bytes) => {
  if (!path.endsWith('.hdf5')) return null;
  const datasets = [...readBack(new Uint8Array(bytes))].map(([name, d]) => [name, d.shape, d.type, String(d.value), Object.entries(d.attrs).map(([k, a]) => [k, String(a.value)])]);
  return `hdf5 ${JSON.stringify(datasets)}`;
};

/** The project's own files: entropy-migrate's backups left out (there is one after every completed run). */
const projectTree = (dir: string) => treeOf(dir, (p) => p.startsWith(BACKUPS), hdf5Content);

beforeAll(async () => {
  await loadHdf5();
  const ids = Array.from({ length: EXPERIMENTS }, (_, i) => i + 1);
  const rows = rowMix({ experiments: ids, perExperiment: 6, savedShare: 0.4, seed: 11 });
  // An old project: the HDF5 move, three params.json conversions and Entropy's backups all happen.
  writeFiles(original, buildEntropyProject(open, { at: '04ae19b32c08', experiments: EXPERIMENTS, rows, params: 'v0.1', paramsCommits: 3 }));
  beforeBytes = treeOf(original);
  before = projectTree(original);
  const reference = join(work, 'reference');
  cpSync(original, reference, { recursive: true });
  const r = cli('upgrade', reference, '--in-place');
  if (r.code !== 0) throw new Error(r.err);
  upgraded = projectTree(reference);
}, 120_000);

interface Killed {
  readonly dir: string;
  readonly signal: NodeJS.Signals | null;
  readonly sawJournal: boolean;
}

/** Runs `upgrade --in-place` on a fresh copy and kills it after `ms`, or `ms` after its journal says it is committing. */
function killedRun(name: string, ms: number, whenCommitting: boolean): Promise<Killed> {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(original, dir, { recursive: true });
  const env = { ...process.env, ENTROPY_MIGRATE_TEST_SLOW_RENAMES_MS: whenCommitting ? '40' : '0' };
  const child = spawn(process.execPath, [BIN, 'upgrade', dir, '--in-place'], { stdio: 'ignore', env });
  let running = true;
  let sawJournal = false;
  const kill = () => running && child.kill('SIGKILL');
  if (!whenCommitting) setTimeout(kill, ms);
  else {
    const poll = () => {
      if (!running) return;
      const journal = join(dir, JOURNAL);
      const committing = existsSync(journal) && readFileSync(journal, 'utf8').includes('"committing"');
      if (committing) {
        sawJournal = true;
        setTimeout(kill, ms);
      } else setTimeout(poll, 2);
    };
    poll();
  }
  return new Promise((resolve) => child.on('exit', (_code, signal) => {
    running = false;
    resolve({ dir, signal, sawJournal });
  }));
}

/** After the next command: wholly old or wholly new, no journal, no temporary file of the dead run. */
function expectSettled(dir: string): 'old' | 'new' {
  const r = cli('check', dir);
  expect([0, 1], r.err).toContain(r.code);
  const now = projectTree(dir);
  const stray = Object.keys(treeOf(dir)).filter((p) => /\.tmp(\/|$)|\.kept$|entropy-migrate-commit|\.undo$/.test(p));
  expect(stray).toEqual([]);
  if (JSON.stringify(now) === JSON.stringify(before)) return 'old';
  expect(now).toEqual(upgraded);
  return 'new';
}

describe('a whole-project upgrade --in-place killed with SIGKILL', () => {
  it('among its final renames: the next command completes it, and restore gives back the original', async () => {
    const outcomes: string[] = [];
    for (const [i, ms] of [0, 30, 70, 110, 150].entries()) {
      const killed = await killedRun(`renames-${i}`, ms, true);
      if (killed.signal !== 'SIGKILL') continue; // finished before the kill landed: nothing to recover
      expect(killed.sawJournal).toBe(true);
      const state = expectSettled(killed.dir);
      outcomes.push(state);
      // A commit whose journal said 'committing' is completed, never left half-way.
      expect(state).toBe('new');
      const r = cli('restore', killed.dir);
      expect(r.code, r.err).toBe(0);
      expect(treeOf(killed.dir)).toEqual(beforeBytes);
    }
    expect(outcomes.length).toBeGreaterThan(2);
  }, 300_000);

  it('at any earlier moment: the next command leaves it old, and running it again upgrades it whole', async () => {
    const natural = performance.now();
    const control = await killedRun('natural', 1e9, false);
    const ms = performance.now() - natural;
    expect(control.signal).toBeNull();
    const seen = { old: 0, new: 0 };
    for (const [i, f] of [0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95].entries()) {
      const killed = await killedRun(`early-${i}`, Math.round(ms * f), false);
      seen[expectSettled(killed.dir)]++;
      const again = cli('upgrade', killed.dir, '--in-place');
      expect(again.code, again.err).toBe(0);
      expect(projectTree(killed.dir)).toEqual(upgraded);
      expect(Object.keys(treeOf(killed.dir)).filter((p) => p.endsWith('/manifest.json'))).toHaveLength(1);
    }
    console.log(`kills over a ${ms.toFixed(0)} ms run:`, seen);
    expect(seen.old).toBeGreaterThan(0);
  }, 300_000);
});
