/**
 * A chain with two heads (a second line of development, before `migration:merge` joins it)
 * is a state the engine and the CLI support: inspection names both heads and plans the way to
 * both, an upgrade reaches both, and `current`, `check` and `heads` tell them apart. Only
 * "head" (one head) is refused, as Alembic refuses it.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { main } from '../../src/cli/main.ts';
import { Migrator } from '../../src/engine/index.ts';
import { AFTER, BRANCH, branched, branchRevision } from '../bad-input/injected-chain.ts';
import { build, HEAD, open, rows, versions } from '../support/db.ts';
import { tempDir } from '../support/temp.ts';

const { chain, project } = branched(migrations, branchRevision);
const migrator = new Migrator(open, project);
const FROM = '04ae19b32c08';
const HEADS = [BRANCH, HEAD].sort();
const sorted = (revisions: readonly string[]) => [...revisions].sort();
const tables = (bytes: Uint8Array) => rows(bytes, "SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => String(r.name));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, project, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

function workspace(): { dir: string; db: string } {
  const dir = tempDir('em-heads-');
  const db = join(dir, 'entropy.db');
  writeFileSync(db, build(FROM));
  return { dir, db };
}

describe('a chain with two heads, in the engine', () => {
  it('has the branch and Entropy\'s head as heads', () => {
    expect(sorted(chain.heads)).toEqual(HEADS);
    expect(chain.get(BRANCH).downRevision).toBe(AFTER);
  });

  it('inspects a database behind both heads and plans the way to both', () => {
    const copy = migrator.openCopy(build(FROM));
    try {
      const inspection = migrator.inspect(copy, 0);
      expect(inspection.revisions).toEqual([FROM]);
      expect(sorted(inspection.heads)).toEqual(HEADS);
      expect(inspection.atHead).toBe(false);
      const planned = inspection.plan.steps.map((s) => s.revision);
      expect(sorted(planned)).toEqual(sorted(chain.upgradePath([FROM], HEADS).map((s) => s.revision)));
      expect(planned).toContain(BRANCH);
      expect(planned).toContain(HEAD);
      // The branch comes after the revision it grows from.
      expect(planned.indexOf(BRANCH)).toBeGreaterThan(planned.indexOf(AFTER));
      expect(sorted(inspection.plan.to)).toEqual(HEADS);
      // "head" means one head; with two it is refused by name, as Alembic does.
      expect(() => migrator.plan(copy.db, 'head')).toThrow(expect.objectContaining({ code: 'MULTIPLE_HEADS' }));
    } finally {
      copy.db.close();
    }
  });

  it('upgrades to both heads, and then has nothing left to do', () => {
    const { bytes, result } = migrator.migrate(build(FROM), { direction: 'upgrade' });
    expect(sorted(result.to)).toEqual(HEADS);
    expect(sorted(versions(bytes))).toEqual(HEADS);
    expect(tables(bytes)).toContain('BranchMarker');
    const again = migrator.openCopy(bytes);
    try {
      const inspection = migrator.inspect(again, bytes.length);
      expect(inspection.atHead).toBe(true);
      expect(inspection.plan.steps).toEqual([]);
    } finally {
      again.db.close();
    }
  });

  it('upgrades one line, then the other', () => {
    const first = migrator.migrate(build(FROM), { direction: 'upgrade', target: BRANCH });
    expect(versions(first.bytes)).toEqual([BRANCH]);
    const second = migrator.migrate(first.bytes, { direction: 'upgrade' });
    expect(second.result.steps.map((s) => s.revision)).not.toContain(BRANCH);
    expect(second.result.steps.map((s) => s.revision)).toContain(HEAD);
    expect(sorted(versions(second.bytes))).toEqual(HEADS);
  });
});

describe('a chain with two heads, on the command line', () => {
  it('lists both heads', async () => {
    const r = await run('heads');
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(2);
    for (const head of HEADS) expect(r.out.some((l) => l.includes(`-> ${head} (head)`))).toBe(true);
  });

  it('check, upgrade, current and check again on a file', async () => {
    const { dir, db } = workspace();
    const behind = await run('check', db);
    expect(behind.code).toBe(1);
    for (const head of HEADS) expect(behind.out.join('\n')).toContain(head);

    const up = await run('upgrade', db, '--json');
    expect(up.err.filter((l) => l.startsWith('entropy-migrate:'))).toEqual([]);
    expect(up.code).toBe(0);
    const report = JSON.parse(up.out.join('\n'));
    expect(sorted(report.to)).toEqual(HEADS);
    expect(report.steps).toHaveLength(chain.upgradePath([FROM], HEADS).length);
    const output = join(dir, 'entropy.upgraded.db');
    expect(sorted(versions(readFileSync(output)))).toEqual(HEADS);

    const current = await run('current', output);
    expect(sorted(current.out)).toEqual(HEADS);
    expect((await run('check', output)).code).toBe(0);
  });

  it('upgrades a project folder to both heads', async () => {
    const dir = tempDir('em-heads-');
    const folder = join(dir, 'lab');
    mkdirSync(join(folder, '.entropy'), { recursive: true });
    writeFileSync(join(folder, '.entropy', 'entropy.db'), build(FROM, { savedInHdf5Share: 0 }));
    const r = await run('upgrade', folder);
    expect(r.err.filter((l) => l.startsWith('entropy-migrate:'))).toEqual([]);
    expect(r.code).toBe(0);
    const upgraded = join(dir, 'lab.upgraded', '.entropy');
    expect(sorted(versions(readFileSync(join(upgraded, 'entropy.db'))))).toEqual(HEADS);
    // Entropy's finishing work (results moved to HDF5) runs once both heads are reached.
    expect(readdirSync(join(upgraded, 'hdf5')).length).toBeGreaterThan(0);
  });
});
