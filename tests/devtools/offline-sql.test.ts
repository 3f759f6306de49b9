/**
 * entropy-migrate sql: the script must be what the runner does, so running the script on a
 * database must leave it exactly as running the chain would.
 */
import { describe, expect, it } from 'vitest';
import { chain } from '../../migrations/index.ts';
import { main } from '../../src/cli/main.ts';
import { devCommand } from '../../src/devtools/cli.ts';
import { offlineSql } from '../../src/devtools/offline-sql.ts';
import { Migrator, plan, readVersions, run, type DbFile } from '../../src/engine/index.ts';
import { snapshot } from '../support/snapshot.ts';
import { below, HEAD, open } from '../support/db.ts';
import { entropy } from '../../migrations/index.ts';

const migrator = new Migrator(open, entropy);

function builtAt(target: string): DbFile {
  const db = open(null);
  if (target !== 'base') run(db, chain, plan(db, chain, 'upgrade', target));
  return db;
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let code = 0;
  try {
    await devCommand(process.cwd(), args, { out: (l) => out.push(l) });
  } catch (error) {
    code = 2;
    err.push((error as Error).message);
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('offline SQL', () => {
  it('from base to head builds the same database as the chain', () => {
    const script = offlineSql(migrator, 'base', 'heads');
    expect(script.direction).toBe('upgrade');
    const db = open(null);
    db.exec(script.text);
    const expected = builtAt('heads');
    expect(snapshot(db)).toEqual(snapshot(expected));
    expect(readVersions(db)).toEqual([HEAD]);
    db.close();
    expect(script.text.startsWith(`-- Entropy offline SQL: upgrade from base to ${HEAD}.`)).toBe(true);
    expect(script.text).toContain('CREATE TABLE alembic_version (');
    expect(script.text).toContain(`-- Running upgrade base -> 1318a586f31d, Initial migration\nBEGIN;\nCREATE TABLE "Experiments" (`);
    expect(script.text).toContain(`COMMIT;\nVACUUM;\n`);
  });

  it('runs downgrades when the target is below the start, as the runner would', () => {
    const script = offlineSql(migrator, 'heads', 'f1ada2484fe2');
    expect(script.direction).toBe('downgrade');
    expect(script.text).toContain('-- Running downgrade 273a9fae6206 -> 7fa75ca1263f, experiments_favorite_col\nBEGIN;\nALTER TABLE "Experiments" DROP COLUMN favorite;\n');
    const db = builtAt('heads');
    db.exec(script.text);
    // Not a fresh build at f1ada2484fe2: Entropy's downgrade leaves Nodes_new behind.
    const expected = builtAt('heads');
    run(expected, chain, plan(expected, chain, 'downgrade', 'f1ada2484fe2'));
    expect(snapshot(db)).toEqual(snapshot(expected));
    expect(readVersions(db)).toEqual(['f1ada2484fe2']);
    db.close();
  });

  it('covers a middle range, each statement ended by a semicolon, one block per revision', () => {
    const script = offlineSql(migrator, '04ae19b32c08', '9ffd2ba0d5bf');
    expect(script.text.match(/^-- Running upgrade/gm)).toHaveLength(2);
    expect(script.text).not.toContain('CREATE TABLE alembic_version');
    const db = builtAt('04ae19b32c08');
    db.exec(script.text);
    expect(snapshot(db)).toEqual(snapshot(builtAt('9ffd2ba0d5bf')));
    db.close();
  });

  it('says when there is nothing to do', () => {
    expect(offlineSql(migrator, HEAD, 'heads')).toMatchObject({ direction: null });
  });

  it('is a developer verb: the user CLI sends developers to npm run migration:sql', async () => {
    const err: string[] = [];
    expect(await main(['sql'], entropy, { out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toContain('npm run migration:sql');
  });

  it('is the developer verb "sql"', async () => {
    const result = await cli(['sql', '--from', '273a9fae6206', '--to', 'head']);
    expect(result.code).toBe(0);
    expect(result.out).toContain(`UPDATE alembic_version SET version_num='${HEAD}' WHERE alembic_version.version_num = '${below(HEAD)}';`);
    const json = await cli(['sql', '--from', HEAD, '--to', '-1', '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ direction: 'downgrade', from: [HEAD], to: [below(HEAD)] });
    const wrong = await cli(['sql', 'entropy.db']);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('sql takes no database');
  });
});
