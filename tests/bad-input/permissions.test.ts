/**
 * What the written files let others do: the input's mode on every file written from it, its
 * owner and group kept by --in-place, and no backup left behind when the write after it fails.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, cli } from '../support/cli.ts';
import { build, HEAD, versions } from '../support/db.ts';
import { firstDifference } from './bytes.ts';
import { FROM } from './hostile.ts';
import { oldDb } from './cases.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspace(bytes: Uint8Array, mode: number): { dir: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'em-perm-'));
  dirs.push(dir);
  const db = join(dir, 'entropy.db');
  writeFileSync(db, bytes);
  chmodSync(db, mode);
  return { dir, db };
}

const modeOf = (path: string) => statSync(path).mode & 0o777;
const isRoot = process.getuid?.() === 0;

describe('permissions of the files the CLI writes', () => {
  it('--in-place keeps a private file private: the new file and its backup are 0600', () => {
    const { dir, db } = workspace(oldDb(), 0o600);
    expect(cli('upgrade', db, '--in-place').code).toBe(0);
    expect(versions(readFileSync(db))).toEqual([HEAD]);
    expect(modeOf(db)).toBe(0o600);
    expect(modeOf(join(dir, `entropy.bak.${FROM}.db`))).toBe(0o600);
  });

  it('a copy written with -o (and a stamped one) gets the input\'s mode', () => {
    const { dir, db } = workspace(oldDb(), 0o640);
    expect(cli('upgrade', db, '-o', join(dir, 'out.db')).code).toBe(0);
    expect(modeOf(join(dir, 'out.db'))).toBe(0o640);
    expect(cli('stamp', db, 'head').code).toBe(0);
    expect(modeOf(join(dir, 'entropy.stamped.db'))).toBe(0o640);
  });

  it.skipIf(!isRoot)('--in-place keeps the owner and group (run as root, which may set them)', () => {
    const { dir, db } = workspace(oldDb(), 0o640);
    chownSync(db, 4321, 8765);
    expect(cli('upgrade', db, '--in-place').code).toBe(0);
    for (const path of [db, join(dir, `entropy.bak.${FROM}.db`)]) {
      const s = statSync(path);
      expect([s.uid, s.gid, s.mode & 0o777]).toEqual([4321, 8765, 0o640]);
    }
  });

  // sql.js fills the disk writing the new file; native SQLite already while it runs on its work file.
  it.each([
    ['sqljs', /^entropy-migrate: Cannot write ".*entropy\.db": EFBIG[^\n]*\n$/],
    ['native', /^entropy-migrate: The upgrade step \w+ failed at "[^"]*": (disk I\/O error|database or disk is full)\. Nothing was written\.\n$/],
  ] as const)('a disk that fills up while --in-place writes leaves neither a backup nor a changed input (%s)', (engine, message) => {
    // An empty database grows from 4 KB to over 50 KB: a 16 KB file-size limit lets the
    // backup through and stops the new file (EFBIG, as a full disk gives ENOSPC).
    const { dir, db } = workspace(build('empty'), 0o600);
    const bytes = new Uint8Array(readFileSync(db));
    const r = spawnSync('bash', ['-c', 'trap "" XFSZ; ulimit -f 16; exec "$0" "$@"', process.execPath, BIN, 'upgrade', db, '--in-place', '--engine', engine], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(readdirSync(dir)).toEqual(['entropy.db']);
    expect(firstDifference(new Uint8Array(readFileSync(db)), bytes)).toBeNull();
    // With room again, the next run simply works.
    expect(cli('upgrade', db, '--in-place', '--engine', engine).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['entropy.bak.base.db', 'entropy.db']);
  });
});

const AS_NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];
/**
 * The command as an ordinary user (nobody), where the tests run as root, setpriv can drop to
 * one, and nobody can reach the command: a checkout under a folder others may not enter (a
 * mktemp -d folder) hides it, as the root-only tests are skipped elsewhere.
 */
const canDrop =
  isRoot &&
  spawnSync('setpriv', ['--version']).status === 0 &&
  // The command and the packages it loads (a checkout copied by another test may reach them
  // through a link into a folder nobody may enter).
  spawnSync('setpriv', [...AS_NOBODY, process.execPath, '-e', 'const r = require("node:module").createRequire(process.argv[1]); require("node:fs").accessSync(process.argv[1]); r.resolve("sql.js"); r.resolve("better-sqlite3")', BIN]).status === 0;
function cliAsNobody(...args: string[]) {
  const r = spawnSync('setpriv', [...AS_NOBODY, process.execPath, BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('a read-only database, opened by an ordinary user', () => {
  it.skipIf(!canDrop).each(['native', 'sqljs'])('is upgraded into a new file that keeps its mode (%s), not called damaged', (engine) => {
    const { dir, db } = workspace(oldDb(), 0o444);
    chmodSync(dir, 0o777);
    const out = join(dir, 'out.db');
    const r = cliAsNobody('upgrade', db, '-o', out, '--engine', engine);
    expect(r.err).not.toMatch(/damaged/);
    expect(r.code, r.err).toBe(0);
    expect(versions(readFileSync(out))).toEqual([HEAD]);
    expect(modeOf(out)).toBe(0o444);
  });

  it.skipIf(!canDrop)('a folder it may not write to is an IO error naming the file, not damage', () => {
    const { dir, db } = workspace(oldDb(), 0o444);
    chmodSync(dir, 0o555);
    const r = cliAsNobody('upgrade', db, '--engine', 'native');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^entropy-migrate: Cannot copy .*EACCES: permission denied.*Nothing was written\.\n$/);
    expect(r.err).not.toMatch(/damaged/);
  });
});
