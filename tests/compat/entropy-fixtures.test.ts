/**
 * Compatibility with Entropy's own Alembic: every reference database in
 * ../shared/entropy-fixtures (or $ENTROPY_FIXTURES), upgraded and downgraded by this
 * engine and by the CLI, must equal what Alembic 1.8.1 made of it (see that folder's
 * README for what "the same" means). The files are read where they lie, never copied in.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, snap, versions } from '../support/db.ts';
import { migrateNatively } from '../native/support.ts';
import { fileTempDir } from '../support/temp.ts';

const ROOT = resolve(__dirname, '../..');
const FIXTURES = resolve(process.env.ENTROPY_FIXTURES ?? join(ROOT, '../shared/entropy-fixtures'));
const present = existsSync(join(FIXTURES, 'alembic-upgraded'));
const work = fileTempDir('em-compat-');
const read = (...parts: string[]) => new Uint8Array(readFileSync(join(FIXTURES, ...parts)));
const list = (dir: string) => (present ? readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith('.db')).sort() : []);

const templates = list('.');
const upgraded = list('alembic-upgraded');
/** Where Alembic took a file: Entropy's head when the fixtures were made, not necessarily ours today. */
const alembicHead = (name: string): string => versions(read('alembic-upgraded', name)).join(',');
const downgraded = list('alembic-downgraded');

/** The template a downgrade started from: the one named after its revision. */
function templateAt(revision: string): string {
  const name = templates.find((f) => f.startsWith('empty_after_') && f.includes(`_${revision}_`));
  if (!name) throw new Error(`no template at ${revision} in ${FIXTURES}`);
  return name;
}

describe('Entropy reference fixtures', () => {
  it(`are present at ${FIXTURES}`, () => {
    // Fail, not skip: a missing folder must not pass as "compatible".
    expect(present, `set ENTROPY_FIXTURES or put the fixtures at ${FIXTURES}`).toBe(true);
    expect(templates.length).toBeGreaterThanOrEqual(12);
    expect(upgraded).toEqual(templates);
    expect(downgraded.length).toBeGreaterThanOrEqual(8);
  });

  describe.each(upgraded)('upgrade head: %s', (name) => {
    it('the engine produces what Alembic produced', () => {
      const { bytes } = migrate(read(name), 'upgrade', alembicHead(name));
      expect(snap(bytes)).toEqual(snap(read('alembic-upgraded', name)));
    });

    it('the native path produces what Alembic produced', async () => {
      const { bytes } = await migrateNatively(work, read(name), 'upgrade', alembicHead(name));
      expect(snap(bytes)).toEqual(snap(read('alembic-upgraded', name)));
    });

    it.each(['native', 'sqljs'])('the CLI on %s produces the same file and leaves the input untouched', (engine) => {
      const out = join(mkdtempSync(join(work, 'cli-')), 'out.db');
      const input = join(FIXTURES, name);
      const before = readFileSync(input);
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/entropy-migrate.mjs'), 'upgrade', input, '-o', out, '--to', alembicHead(name), '--engine', engine], { encoding: 'utf8' });
      // Only notes (a database alone leaves params.json to a whole-project run, and says so), no error.
      expect(r.stderr).toMatch(/^(note: [^\n]+\n)*$/);
      expect(r.status).toBe(0);
      expect(snap(readFileSync(out))).toEqual(snap(read('alembic-upgraded', name)));
      expect(readFileSync(input).equals(before)).toBe(true);
    });
  });

  describe.each(downgraded)('downgrade: %s', (name) => {
    it('the engine produces what Alembic produced', () => {
      const [, from, to] = /^from_(\w+)__to_(\w+)\.db$/.exec(name) ?? [];
      expect(from && to, `unexpected name ${name}`).toBeTruthy();
      const { bytes } = migrate(read(templateAt(from!)), 'downgrade', to);
      expect(snap(bytes)).toEqual(snap(read('alembic-downgraded', name)));
    });

    it('the native path produces what Alembic produced', async () => {
      const [, from, to] = /^from_(\w+)__to_(\w+)\.db$/.exec(name)!;
      const { bytes } = await migrateNatively(work, read(templateAt(from!)), 'downgrade', to);
      expect(snap(bytes)).toEqual(snap(read('alembic-downgraded', name)));
    });
  });
});
