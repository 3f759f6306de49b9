/**
 * The CLI has one run path (database-work.ts, file-run.ts) whichever SQLite runs: every
 * command that writes a database gives the same files on native SQLite and on sql.js, with
 * the same backups, and leaves the input as it was unless --in-place.
 */
import { readdirSync, readFileSync, rmSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEntropyProject, rowMix } from '../../migrations/builders/entropy-project.ts';
import { loadHdf5 } from '../../migrations/hdf5/index.ts';
import { writeFiles } from '../oracle/kit.ts';
import { cli } from '../support/cli.ts';
import { build, HEAD, open, versions } from '../support/db.ts';
import { treeOf } from '../support/folder-tree.ts';
import { tempDir } from '../support/temp.ts';

const ENGINES = ['native', 'sqljs'] as const;
const made: string[] = [];
beforeAll(() => loadHdf5());
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fresh(bytes = build('04ae19b32c08')): { dir: string; db: string; bytes: Uint8Array } {
  const dir = tempDir('em-engines-');
  made.push(dir);
  const db = join(dir, 'entropy.db');
  writeFileSync(db, bytes);
  chmodSync(db, 0o640);
  return { dir, db, bytes };
}

/** A database's rows and schema, as both engines must leave them (SQLite may lay out pages differently). */
function contents(bytes: Uint8Array): string {
  const db = open(bytes);
  try {
    const tables = db.query(`SELECT name, sql FROM sqlite_master ORDER BY name`);
    const rows = tables.filter((t) => t.sql && String(t.sql).startsWith('CREATE TABLE')).map((t) => db.query(`SELECT * FROM "${t.name}" ORDER BY rowid`));
    return JSON.stringify({ tables, rows }, (_k, v) => (typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? [...v] : v));
  } finally {
    db.close();
  }
}

describe.each(ENGINES)('on %s', (engine) => {
  it('upgrade writes IN.upgraded.db with the input\'s mode and leaves the input alone', () => {
    const { dir, db, bytes } = fresh();
    const r = cli('upgrade', db, '--engine', engine);
    expect(r.code, r.err).toBe(0);
    const out = join(dir, 'entropy.upgraded.db');
    expect(versions(readFileSync(out))).toEqual([HEAD]);
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(new Uint8Array(readFileSync(db))).toEqual(bytes);
    expect(readdirSync(dir).sort()).toEqual(['entropy.db', 'entropy.upgraded.db']);
  });

  it('upgrade --in-place keeps the original as IN.bak.<from>.db, byte for byte', () => {
    const { dir, db, bytes } = fresh();
    const r = cli('upgrade', db, '--in-place', '--engine', engine);
    expect(r.code, r.err).toBe(0);
    expect(versions(readFileSync(db))).toEqual([HEAD]);
    expect(new Uint8Array(readFileSync(join(dir, 'entropy.bak.04ae19b32c08.db')))).toEqual(bytes);
    expect(readdirSync(dir).sort()).toEqual(['entropy.bak.04ae19b32c08.db', 'entropy.db']);
    // Nothing left to run: nothing written, no second backup.
    expect(cli('upgrade', db, '--in-place', '--engine', engine).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['entropy.bak.04ae19b32c08.db', 'entropy.db']);
  });

  it('refuses an output that exists before doing any work, and replaces it with --force', () => {
    const { dir, db } = fresh();
    const out = join(dir, 'entropy.upgraded.db');
    writeFileSync(out, 'mine');
    const r = cli('upgrade', db, '--engine', engine);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already exists/);
    expect(readFileSync(out, 'utf8')).toBe('mine');
    expect(cli('upgrade', db, '--engine', engine, '--force').code).toBe(0);
    expect(versions(readFileSync(out))).toEqual([HEAD]);
  });

  it('stamp writes IN.stamped.db recording the revision, no migration run', () => {
    const { dir, db, bytes } = fresh();
    const r = cli('stamp', db, HEAD, '--engine', engine);
    expect(r.code, r.err).toBe(0);
    const stamped = new Uint8Array(readFileSync(join(dir, 'entropy.stamped.db')));
    expect(versions(stamped)).toEqual([HEAD]);
    expect(new Uint8Array(readFileSync(db))).toEqual(bytes);
  });
});

describe('the same results on both engines', () => {
  it('for a file, upgraded then downgraded', () => {
    const results = ENGINES.map((engine) => {
      const { dir, db } = fresh();
      expect(cli('upgrade', db, '--engine', engine).code).toBe(0);
      const up = join(dir, 'entropy.upgraded.db');
      expect(cli('downgrade', up, '--to', '04ae19b32c08', '-o', join(dir, 'down.db'), '--engine', engine).code).toBe(0);
      return [contents(readFileSync(up)), contents(readFileSync(join(dir, 'down.db')))];
    });
    expect(results[0]).toEqual(results[1]);
  });

  it('for a whole project, into a new folder and in place', () => {
    const rows = rowMix({ experiments: [1, 2], perExperiment: 4, savedShare: 0.5, seed: 3 });
    const project = buildEntropyProject(open, { at: '04ae19b32c08', experiments: 2, rows, params: 'v0.1', paramsCommits: 2 });
    // HDF5 files hold write times, and SQLite may place pages differently: those compare by what they hold.
    const digest = (path: string, bytes: Buffer) => (path.endsWith('.hdf5') ? 'hdf5' : path.endsWith('.db') ? contents(bytes) : null);
    const trees = ENGINES.map((engine) => {
      const parent = tempDir('em-engines-project-');
      made.push(parent);
      const dir = join(parent, 'lab');
      writeFiles(dir, project);
      const r = cli('upgrade', dir, '-o', join(parent, 'new'), '--engine', engine);
      expect(r.code, r.err).toBe(0);
      const inPlace = cli('upgrade', dir, '--in-place', '--engine', engine);
      expect(inPlace.code, inPlace.err).toBe(0);
      return { created: treeOf(join(parent, 'new'), () => false, digest), updated: treeOf(dir, (p) => p.includes('entropy-migrate-backups'), digest) };
    });
    expect(Object.keys(trees[0]!.created)).toContain('.entropy/hdf5/1.hdf5');
    expect(trees[0]).toEqual(trees[1]);
  });
});
