/**
 * `--in-place` under SIGKILL, which no program can catch: killed at any moment, the database
 * is either exactly the old file or the complete upgraded one. A kill while writing may leave
 * a hidden `.NAME.PID.tmp` beside it (never a .db name); the next run removes it.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli } from '../support/cli.ts';
import { build, versions, withDb } from '../support/db.ts';
import { fileTempDir } from '../support/temp.ts';
import { firstDifference } from './bytes.ts';
import { HEAD } from './cases.ts';

const FROM = '04ae19b32c08';
const BACKUP = `entropy.bak.${FROM}.db`;
const TEMP = new RegExp(`^\\.(entropy\\.db|entropy\\.bak\\.${FROM}\\.db)\\.\\d+\\.tmp$`);

const dir = fileTempDir('em-kill-');
const db = join(dir, 'entropy.db');
// About 25 MB of results, none flagged for deletion, so both files written are that big.
const old = build(FROM, { experiments: 40, rowsPerExperiment: 20, blobBytes: [10_000, 20_000], savedInHdf5Share: 0, seed: 21 });
// The command's own result, byte for byte: the native and sql.js engines write the same
// content but different header counters (SQLite's version, the change counter).
const upgraded = (() => {
  const reference = fileTempDir('em-kill-reference-');
  writeFileSync(join(reference, 'entropy.db'), old);
  const r = cli('upgrade', join(reference, 'entropy.db'));
  if (r.code !== 0) throw new Error(r.err);
  return new Uint8Array(readFileSync(join(reference, 'entropy.upgraded.db')));
})();

interface Ended {
  readonly ms: number;
  readonly signal: NodeJS.Signals | null;
}

/** Runs `upgrade --in-place`, killing it after `killAfterMs` or when `killWhen` sees its moment. */
function upgradeInPlace(killAfterMs: number | null, killWhen?: (names: string[]) => boolean): Promise<Ended> {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'upgrade', db, '--in-place'], { stdio: 'ignore' });
  let running = true;
  if (killAfterMs !== null) setTimeout(() => running && child.kill('SIGKILL'), killAfterMs);
  if (killWhen) {
    const poll = () => {
      if (!running) return;
      if (killWhen(readdirSync(dir))) child.kill('SIGKILL');
      else setImmediate(poll);
    };
    poll();
  }
  return new Promise((resolve) =>
    child.on('exit', (_code, signal) => {
      running = false;
      resolve({ ms: performance.now() - started, signal });
    }),
  );
}

/** The state after any run: the old file, or the whole new one, and nothing else that looks like a database. */
function expectWholeFile(): 'old' | 'upgraded' {
  const now = new Uint8Array(readFileSync(db));
  const names = readdirSync(dir);
  for (const name of names) expect(name === 'entropy.db' || name === BACKUP || TEMP.test(name), name).toBe(true);
  // The backup, when there, is written atomically too: exactly the old bytes.
  if (names.includes(BACKUP)) expect(firstDifference(new Uint8Array(readFileSync(join(dir, BACKUP))), old)).toBeNull();
  if (firstDifference(now, old) === null) return 'old';
  expect(firstDifference(now, upgraded)).toBeNull();
  expect(versions(now)).toEqual([HEAD]);
  expect(withDb(now, (d) => d.query('PRAGMA integrity_check')[0]!.integrity_check)).toBe('ok');
  return 'upgraded';
}

function reset(): void {
  for (const name of readdirSync(dir)) rmSync(join(dir, name));
  writeFileSync(db, old);
}

describe('--in-place killed with SIGKILL', () => {
  it('leaves the old file or the complete new one, whenever the kill comes', async () => {
    reset();
    const natural = await upgradeInPlace(null);
    expect(natural.signal).toBeNull();
    expect(expectWholeFile()).toBe('upgraded');
    const seen: Record<string, number> = { old: 0, upgraded: 0 };
    // Kill points spread over a whole run, denser towards the end where the writing happens.
    const points = [0.1, 0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 1.05].map((f) => Math.round(natural.ms * f));
    for (const at of points) {
      reset();
      await upgradeInPlace(at);
      seen[expectWholeFile()]!++;
    }
    // Not a timing test, but the spread must have caught runs on both sides of the rename.
    expect(seen.old).toBeGreaterThan(0);
    console.log(`kills at ${points.join(', ')} ms of a ${natural.ms.toFixed(0)} ms run:`, seen);
  }, 120_000);

  for (const [what, target] of [
    ['the backup', `.${BACKUP}.`],
    ['the new database', '.entropy.db.'],
  ] as const) {
    it(`killed while writing ${what}: the old file stays, and the next run cleans up`, async () => {
      reset();
      const ended = await upgradeInPlace(null, (names) => names.some((n) => n.startsWith(target)));
      expect(ended.signal).toBe('SIGKILL');
      // Usually the kill lands mid-write and a temp file stays behind; on a busy machine it
      // can land just after a rename instead. Either way the database is whole, and the
      // input is not touched before the backup is complete.
      const state = expectWholeFile();
      if (what === 'the backup') expect(state).toBe('old');
      if (state === 'upgraded') writeFileSync(db, old);
      if (readdirSync(dir).includes(BACKUP)) {
        // A finished backup is never replaced silently: a second run would ask for --force.
        rmSync(join(dir, BACKUP));
      }
      const again = await upgradeInPlace(null);
      expect(again.signal).toBeNull();
      expect(expectWholeFile()).toBe('upgraded');
      expect(readdirSync(dir).sort()).toEqual([BACKUP, 'entropy.db']);
    }, 60_000);
  }
});
