/**
 * Which entropy-migrate this is (--version, and the version in --json), and words that fit the
 * project: "an Entropy project", from the project definition's name and article.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aProject } from '../../src/engine/index.ts';
import { tiny } from '../projects/tiny/index.ts';
import { cli } from '../support/cli.ts';
import { build, HEAD, named } from '../support/db.ts';
import { tempDir } from '../support/temp.ts';

const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string };

describe('--version', () => {
  it("prints package.json's version, the revision it upgrades to and the SQLite it runs on", () => {
    for (const flag of ['--version', '-V']) {
      const r = cli(flag);
      expect(r.code).toBe(0);
      expect(r.out).toBe(`entropy-migrate ${version}\nUpgrades an Entropy project to ${named(HEAD)}; runs on native SQLite (better-sqlite3).\n`);
    }
    expect(cli('--version', '--engine', 'sqljs').out).toContain('runs on sql.js (as --engine asked)');
  });

  it('is in --json, and in every --json error', () => {
    expect(JSON.parse(cli('--version', '--json').out)).toEqual({ version, project: 'Entropy', heads: [HEAD], sqlite: 'native', nativeUnavailable: null });
    const db = join(tempDir('em-version-'), 'lab.db');
    writeFileSync(db, build('04ae19b32c08'));
    expect(JSON.parse(cli('check', db, '--json').out)).toMatchObject({ version, atHead: false });
    expect(JSON.parse(cli('upgrade', db, '--json').out)).toMatchObject({ version, to: [HEAD] });
    const failed = cli('check', join(tempDir('em-version-'), 'nowhere.db'), '--json');
    expect(failed.code).toBe(2);
    expect(JSON.parse(failed.out)).toMatchObject({ version, error: { code: 'FILE_NOT_FOUND' } });
  });
});

describe('the project named with its article', () => {
  it('is "an Entropy", "a Tiny", or what the definition says', () => {
    expect(aProject({ name: 'Entropy', article: 'an' })).toBe('an Entropy');
    expect(aProject(tiny)).toBe('a Tiny');
    expect(aProject({ name: 'Unix' })).toBe('an Unix');
    expect(aProject({ name: 'Unix', article: 'a' })).toBe('a Unix');
    expect(aProject({ name: 'Hour', article: 'an' })).toBe('an Hour');
  });

  it('reads right in the help and in messages', () => {
    const help = cli('--help').out;
    expect(help).toContain('upgrade an Entropy project as');
    expect(help).toContain('DIR is an Entropy project folder');
    expect(help).not.toMatch(/\ba Entropy\b/);
    const folder = tempDir('em-words-');
    mkdirSync(join(folder, 'empty'));
    expect(cli('check', join(folder, 'empty')).err).toContain('is a folder but not an Entropy project: it has no .entropy/entropy.db.');
  });
});
