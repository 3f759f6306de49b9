/**
 * The hostile corpus (hostile.ts) through the real bundled command. A refusal: exit 2, one
 * printable sentence of at most 300 characters on stderr, the code in --json, and the folder
 * exactly as it was (every name, every byte, every link). A success: the output equals what
 * native sqlite3 makes of the input running the upgrade's own SQL script.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.ts';
import { entropy, open, snap } from '../support/db.ts';
import { offlineSql } from '../../src/devtools/offline-sql.ts';
import { Migrator } from '../../src/engine/index.ts';
import { oldDb } from './cases.ts';
import { expectPrintable, folderState } from './folder-state.ts';
import { FROM, HOSTILE_CASES, type HostileCase } from './hostile.ts';

const SQLITE3 = '/usr/bin/sqlite3';
const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function cliAsync(args: string[], env: Readonly<Record<string, string>> = {}): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (error) {
    const e = error as { code?: number; stdout: string; stderr: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: e.stdout, err: e.stderr };
  }
}

let script: string | null = null;
/** What native sqlite3 makes of `input` running the upgrade script from FROM to head. */
function nativeUpgrade(input: Uint8Array): Uint8Array {
  // The offline SQL of the developer tools (the same recorder the runner uses), as a script for sqlite3.
  script ??= offlineSql(new Migrator(open, entropy), FROM, 'heads').text;
  const dir = mkdtempSync(join(tmpdir(), 'em-native-'));
  try {
    const db = join(dir, 'native.db');
    writeFileSync(db, input);
    execFileSync(SQLITE3, ['-bail', db], { input: script });
    return new Uint8Array(readFileSync(db));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runCase(c: HostileCase): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'em-hostile-'));
  dirs.push(dir);
  const db = join(dir, 'entropy.db');
  const bytes = (c.bytes ?? oldDb)();
  writeFileSync(db, bytes);
  const args = c.setup(dir, db);
  const before = folderState(dir);
  const r = await cliAsync([...args, '--json'], c.env);
  if ('refuse' in c.expect) {
    expect(r.code, r.err).toBe(2);
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const sentence = lines[0]!.replace(/^entropy-migrate: /, '');
    expect(sentence).not.toContain('Unexpected failure');
    expect(sentence.length).toBeLessThanOrEqual(300);
    expectPrintable(sentence);
    // A command line that does not parse cannot have asked for --json.
    if (c.expect.refuse === 'USAGE') expect(sentence).toMatch(/Run "entropy-migrate --help" for usage\.$/);
    else expect(JSON.parse(r.out).error.code).toBe(c.expect.refuse);
    expect(folderState(dir)).toEqual(before);
  } else {
    expect(r.code, r.err).toBe(0);
    for (const line of `${r.out}${r.err}`.split('\n')) expectPrintable(line);
    JSON.parse(r.out);
    const output = new Uint8Array(readFileSync(join(dir, c.expect.native)));
    expect(snap(output)).toEqual(snap(nativeUpgrade(bytes)));
  }
}

describe.concurrent('the hostile corpus on the command line', () => {
  for (const c of HOSTILE_CASES) {
    // A hang is a failure too: the command is killed after 30 s (execFile's timeout).
    it(`${c.name}: ${'refuse' in c.expect ? `refused (${c.expect.refuse})` : 'same as native sqlite3'}`, () => runCase(c), 60_000);
  }
});

describe('text output with hostile names', () => {
  it('escapes a terminal attack in a file name on stdout and stderr without --json', async () => {
    const { TERMINAL_ATTACK } = await import('../../migrations/builders/hostile.ts');
    const dir = mkdtempSync(join(tmpdir(), 'em-hostile-'));
    dirs.push(dir);
    const db = join(dir, `${TERMINAL_ATTACK}.db`);
    writeFileSync(db, oldDb());
    const r = await cliAsync(['upgrade', db]);
    expect(r.code, r.err).toBe(0);
    for (const line of `${r.out}${r.err}`.split('\n')) expectPrintable(line);
    expect(r.out).toContain('\\x1b]0;owned\\x07\\x1b[2J\\u202eevil\\u202c\\nline two\\u0085');
  });
});
