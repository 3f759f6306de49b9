/**
 * current, check and stamp on native SQLite: the file read where it lies (current, check) or
 * stamped on a work copy renamed into place (stamp), with the same words and results as on
 * sql.js, and nothing else left in the folder (no -shm beside a WAL-mode file).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entropy } from '../../migrations/index.ts';
import { main } from '../../src/cli/main.ts';
import { walModeDb } from '../bad-input/cases.ts';
import { build, HEAD, snap, versions } from '../support/db.ts';

import { fileTempDir } from '../support/temp.ts';

const dir = fileTempDir('em-native-commands-');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, entropy, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe.each(['native', 'sqljs'])('current, check and stamp on %s', (engine) => {
  it('read and stamp as on the other engine, leaving only what they write', async () => {
    const work = mkdtempSync(join(dir, `${engine}-`));
    const db = join(work, 'entropy.db');
    const wal = join(work, 'wal.db');
    const old = build('04ae19b32c08', { experiments: 4, seed: 5 });
    writeFileSync(db, old);
    writeFileSync(wal, walModeDb());
    expect(await run('current', db, '--engine', engine)).toEqual({ code: 0, out: ['04ae19b32c08'], err: [] });
    const checked = await run('check', wal, '--engine', engine);
    expect(checked.code).toBe(1);
    expect(checked.out[0]).toContain(`wal.db is at 04ae19b32c08 (Entropy 0.2.0); the head is ${HEAD}`);
    expect((await run('stamp', db, 'head', '--engine', engine)).code).toBe(0);
    const stamped = new Uint8Array(readFileSync(join(work, 'entropy.stamped.db')));
    expect(versions(stamped)).toEqual([HEAD]);
    const { 'table:alembic_version': _stampedVersion, ...stampedRest } = snap(stamped);
    const { 'table:alembic_version': _oldVersion, ...oldRest } = snap(old);
    expect(stampedRest).toEqual(oldRest);
    expect(readdirSync(work).sort()).toEqual(['entropy.db', 'entropy.stamped.db', 'wal.db']);
    expect(Buffer.compare(readFileSync(db), old)).toBe(0);
  });
});
