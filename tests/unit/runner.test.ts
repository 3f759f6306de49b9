/** The runner on a chain made for the test: transactions, stamps, VACUUM, failures. */
import { describe, expect, it } from 'vitest';
import {
  RevisionGraph,
  SeveralDbHeadsError,
  StepFailedError,
  UnknownDbRevisionError,
  defineMigration,
  plan,
  readVersions,
  run,
  stamp,
  type Db,
  type MigrationScript,
} from '../../src/engine/index.ts';
import { open } from '../support/db.ts';

const script = (revision: string, downRevision: MigrationScript['downRevision'], body: Partial<MigrationScript> = {}): MigrationScript =>
  defineMigration({
    revision,
    downRevision,
    message: `step ${revision}`,
    createDate: '2024-01-01 00:00:00',
    summary: '',
    upgrade: (op) => op.execute(`CREATE TABLE t_${revision} (a)`),
    downgrade: (op) => op.dropTable(`t_${revision}`),
    ...body,
  });

const chainOf = (...scripts: MigrationScript[]) => new RevisionGraph(scripts);
const tables = (db: Db) => db.query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).map((r) => r.name);

describe('runner', () => {
  it('stamps after every step, in the step\'s own transaction', () => {
    const stamps: string[][] = [];
    const chain = chainOf(
      script('aa', null),
      script('bb', 'aa', { upgrade: (op) => stamps.push(op.query('SELECT version_num FROM alembic_version').map((r) => String(r.version_num))) }),
      script('cc', 'bb', { upgrade: () => { throw new Error('boom'); } }),
    );
    const db = open(null);
    expect(() => run(db, chain, plan(db, chain, 'upgrade', 'head'))).toThrow(StepFailedError);
    // bb saw aa's stamp; cc failed and rolled back; the database is at bb, stamp and schema agree.
    expect(stamps).toEqual([['aa']]);
    expect(readVersions(db)).toEqual(['bb']);
    expect(tables(db)).toEqual(['alembic_version', 't_aa']);
    db.close();
  });

  it('names the revision and the failing statement', () => {
    const chain = chainOf(
      script('aa', null, {
        upgrade: (op) => {
          op.execute('CREATE TABLE ok (a)');
          op.execute('INSERT INTO missing VALUES (1)');
        },
      }),
    );
    const db = open(null);
    try {
      run(db, chain, plan(db, chain, 'upgrade', 'head'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StepFailedError);
      const e = error as StepFailedError;
      expect(e.code).toBe('STEP_FAILED');
      expect(e.revision).toBe('aa');
      expect(e.statement).toBe('INSERT INTO missing VALUES (1)');
      expect(e.message).toMatch(/The upgrade step aa failed at "INSERT INTO missing VALUES \(1\)": no such table: missing/);
    }
    expect(tables(db)).toEqual(['alembic_version']);
    db.close();
  });

  it('runs VACUUM after the step commits and records it', () => {
    const chain = chainOf(script('aa', null, { upgrade: (op) => { op.execute('CREATE TABLE big (b)'); op.vacuum(); } }));
    const db = open(null);
    const result = run(db, chain, plan(db, chain, 'upgrade', 'head'));
    expect(result.steps[0]!.statements).toEqual([
      'BEGIN',
      'CREATE TABLE big (b)',
      "INSERT INTO alembic_version (version_num) VALUES ('aa')",
      'COMMIT',
      'VACUUM',
    ]);
    db.close();
  });

  it('reports progress per step with results that survive structured clone', () => {
    const chain = chainOf(script('aa', null), script('bb', 'aa'));
    const db = open(null);
    const events: unknown[] = [];
    run(db, chain, plan(db, chain, 'upgrade', 'head'), { onProgress: (e) => events.push(structuredClone(e)) });
    expect(events.map((e) => `${(e as { kind: string }).kind}:${(e as { index: number }).index}`)).toEqual([
      'step-start:0', 'step-done:0', 'step-start:1', 'step-done:1',
    ]);
    db.close();
  });

  it('refuses databases stamped with unknown or tangled revisions', () => {
    const chain = chainOf(script('aa', null), script('bb', 'aa'));
    const db = open(null);
    stamp(db, chain, 'bb');
    db.exec("UPDATE alembic_version SET version_num = 'zz'");
    expect(() => plan(db, chain, 'upgrade', 'head')).toThrow(UnknownDbRevisionError);
    db.exec("UPDATE alembic_version SET version_num = 'bb'; INSERT INTO alembic_version VALUES ('aa')");
    expect(() => plan(db, chain, 'upgrade', 'head')).toThrow(SeveralDbHeadsError);
    db.close();
  });

  it('keeps one row per head across a branch and its merge', () => {
    const chain = chainOf(script('aa', null), script('bb', 'aa'), script('cc', 'aa'), script('mm', ['bb', 'cc']));
    const db = open(null);
    run(db, chain, plan(db, chain, 'upgrade', 'bb'));
    expect(readVersions(db)).toEqual(['bb']);
    run(db, chain, plan(db, chain, 'upgrade', 'cc'));
    expect(readVersions(db).sort()).toEqual(['bb', 'cc']);
    run(db, chain, plan(db, chain, 'upgrade', 'head'));
    expect(readVersions(db)).toEqual(['mm']);
    run(db, chain, plan(db, chain, 'downgrade', '-1'));
    expect(readVersions(db).sort()).toEqual(['bb', 'cc']);
    run(db, chain, plan(db, chain, 'downgrade', 'base'));
    expect(readVersions(db)).toEqual([]);
    expect(tables(db)).toEqual(['alembic_version']);
    db.close();
  });

  it('stamp records a revision without running anything, and base empties the table', () => {
    const chain = chainOf(script('aa', null), script('bb', 'aa'));
    const db = open(null);
    expect(stamp(db, chain, 'head')).toEqual({ from: [], to: ['bb'] });
    expect(tables(db)).toEqual(['alembic_version']);
    expect(stamp(db, chain, 'base')).toEqual({ from: ['bb'], to: [] });
    expect(readVersions(db)).toEqual([]);
    db.close();
  });
});

describe('recording (the SQL preview and offline SQL)', () => {
  it('does not fire a trigger on the version table, so a looping one cannot hold the preview up', async () => {
    const { build, entropy, open } = await import('../support/db.ts');
    const { Migrator } = await import('../../src/engine/index.ts');
    const db = open(build('04ae19b32c08'));
    // Stands for a trigger that would never end: any firing during the recording shows.
    db.exec("CREATE TRIGGER never_ending AFTER UPDATE ON alembic_version BEGIN SELECT RAISE(ABORT, 'the trigger ran'); END");
    try {
      const recorded = new Migrator(open, entropy).record(db, 'current', 'heads');
      expect(recorded.steps.map((s) => s.revision)).toEqual(entropy.chain.upgradePath(['04ae19b32c08'], entropy.chain.heads).map((s) => s.revision));
      expect(recorded.steps.every((s) => s.statements.includes('COMMIT'))).toBe(true);
    } finally {
      db.close();
    }
  });
});
