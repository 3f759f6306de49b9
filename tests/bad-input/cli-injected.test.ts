/**
 * The CLI's own main() on a project whose chain has a test-only revision spliced in
 * mid-chain: the project is handed to main() as the entry point hands it Entropy's. The
 * revision either fails part-way or sends this process a real SIGINT while the
 * (synchronous) run is under way, as Ctrl-C would.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MigrationScript } from '../../src/engine/index.ts';
import { migrations } from '../../migrations/index.ts';
import { main } from '../../src/cli/main.ts';
import { firstDifference } from './bytes.ts';
import { oldDb } from './cases.ts';
import { failingRevision, FAILING_STATEMENT, INJECTED, spliced } from './injected-chain.ts';

const injected = { behaviour: 'fail' as 'fail' | 'interrupt' };

const { project } = spliced(migrations, {
  ...failingRevision,
  upgrade(op: Parameters<MigrationScript['upgrade']>[0]) {
    if (injected.behaviour === 'fail') return failingRevision.upgrade(op);
    op.execute('CREATE TABLE "InjectedMarker" (id INTEGER PRIMARY KEY)');
    process.kill(process.pid, 'SIGINT');
  },
});

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, project, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'em-inject-'));
  made.push(dir);
  const db = join(dir, 'entropy.db');
  const bytes = oldDb();
  writeFileSync(db, bytes);
  return { dir, db, bytes };
}

describe('the CLI on a chain that breaks mid-run', () => {
  it('a failing step: one sentence naming revision and statement, no file written, input unchanged', async () => {
    injected.behaviour = 'fail';
    const { dir, db, bytes } = workspace();
    for (const args of [['upgrade', db], ['upgrade', db, '--in-place']]) {
      const r = await run(...args);
      expect(r.code).toBe(2);
      expect(r.err).toEqual([
        `entropy-migrate: The upgrade step ${INJECTED} failed at "${FAILING_STATEMENT}": no such column: no_such_column. Nothing was written.`,
      ]);
      expect(readdirSync(dir)).toEqual(['entropy.db']);
      expect(firstDifference(new Uint8Array(readFileSync(db)), bytes)).toBeNull();
    }
  });

  it('Ctrl-C during the run: stops before writing, with the cancel sentence', async () => {
    injected.behaviour = 'interrupt';
    const { dir, db, bytes } = workspace();
    const r = await run('upgrade', db, '--in-place');
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['entropy-migrate: Stopped. Nothing was written; your file is unchanged.']);
    expect(readdirSync(dir)).toEqual(['entropy.db']);
    expect(firstDifference(new Uint8Array(readFileSync(db)), bytes)).toBeNull();
    // The watch is gone with the command: a later signal is no one's business here.
    expect(process.listenerCount('SIGINT')).toBe(0);
  });
});
