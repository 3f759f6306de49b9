/**
 * sql.js stays the CLI's fallback: where better-sqlite3 cannot be loaded (not built, built for
 * another Node) the command still upgrades, on sql.js, and says why; `--engine` chooses.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseEngine, sqljsNote } from '../../src/cli/engine.ts';
import { main } from '../../src/cli/main.ts';
import { entropy } from '../../migrations/index.ts';
import { loadNativeSqlite, NativeUnavailableError } from '../../src/native/adapter.ts';
import { BIN } from '../support/cli.ts';
import { build, HEAD, migrate, snap, versions } from '../support/db.ts';
import { native, } from './support.ts';
import { fileTempDir } from '../support/temp.ts';

const dir = fileTempDir('em-fallback-');
const cannotLoad = () => Promise.reject(new NativeUnavailableError('Could not locate the bindings file (test)'));

/** Node, made unable to resolve better-sqlite3, as where its install script never ran. */
const WITHOUT_NATIVE = `data:text/javascript,${encodeURIComponent(`
  import { register } from 'node:module';
  register('data:text/javascript,' + encodeURIComponent(
    "export async function resolve(specifier, context, next) {" +
    "  if (specifier === 'better-sqlite3') throw new Error('Cannot find package better-sqlite3 (test)');" +
    "  return next(specifier, context);" +
    "}"));
`)}`;

function workspace(): { db: string; bytes: Uint8Array } {
  const work = mkdtempSync(join(dir, 'run-'));
  const db = join(work, 'entropy.db');
  const bytes = build('04ae19b32c08', { experiments: 6, seed: 3 });
  writeFileSync(db, bytes);
  return { db, bytes };
}

/** `state`: the user's state folder, where the once-only note is remembered (a fresh one by default). */
function cliWithoutNative(args: string[], state = mkdtempSync(join(dir, 'state-'))) {
  const r = spawnSync(process.execPath, ['--import', WITHOUT_NATIVE, BIN, ...args], { encoding: 'utf8', env: { ...process.env, XDG_STATE_HOME: state } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('choosing the engine', () => {
  it('is native SQLite by default', async () => {
    expect((await chooseEngine(undefined, async () => native)).name).toBe('native');
  });

  it('falls back to sql.js, with a note, when native SQLite cannot load', async () => {
    const chosen = await chooseEngine(undefined, cannotLoad);
    expect(chosen).toEqual({
      name: 'sqljs',
      reason: 'its compiled part was not built when it was installed (npm runs its build script only when allowed)',
      note:
        'entropy-migrate runs on sql.js, because native SQLite (better-sqlite3) cannot be loaded: its compiled part was not built when it was installed (npm runs its build script only when allowed). ' +
        'Every command works; sql.js holds the whole database in memory (up to 2 GB). For native SQLite, run "npm ci" in the clone (it needs Python, make and a C++ compiler). ' +
        'This note is shown once; "entropy-migrate --version" always tells which SQLite runs.',
    });
  });

  it('tells an installed copy how to build native SQLite, and keeps an unknown reason as it is', () => {
    expect(sqljsNote('The module was compiled against a different Node.js version', false)).toMatch(
      /^entropy-migrate runs on sql\.js, because native SQLite \(better-sqlite3\) cannot be loaded: The module was compiled against a different Node\.js version\. .*install the package again with "npm install -g --allow-scripts=better-sqlite3 entropy-migrate-\d+\.\d+\.\d+\.tgz"/,
    );
  });

  it('is sql.js without trying native when asked for', async () => {
    expect(await chooseEngine('sqljs', () => Promise.reject(new Error('must not be called')))).toEqual({ name: 'sqljs', note: null });
  });

  it('refuses --engine native where it cannot load, instead of falling back', async () => {
    await expect(chooseEngine('native', cannotLoad)).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('counts an addon that loads but cannot open a database as unavailable', async () => {
    const builtForAnotherNode = class {
      constructor() {
        throw new Error('The module was compiled against a different Node.js version');
      }
    };
    await expect(loadNativeSqlite(async () => ({ default: builtForAnotherNode as never }))).rejects.toBeInstanceOf(NativeUnavailableError);
  });
});

describe('the command where better-sqlite3 cannot be loaded', () => {
  it('upgrades on sql.js, to the same database, and says why on stderr, once', () => {
    const { db, bytes } = workspace();
    const state = mkdtempSync(join(dir, 'state-'));
    const r = cliWithoutNative(['upgrade', db, '-o', `${db}.out`], state);
    expect(r.err).toMatch(/^note: entropy-migrate runs on sql\.js, because native SQLite \(better-sqlite3\) cannot be loaded: .*Cannot find package better-sqlite3 \(test\).*Every command works;.*This note is shown once;/);
    expect(r.code).toBe(0);
    const written = new Uint8Array(readFileSync(`${db}.out`));
    expect(versions(written)).toEqual([HEAD]);
    expect(snap(written)).toEqual(snap(migrate(bytes, 'upgrade').bytes));
    // Said once: the next run is quiet, and --version still tells.
    const again = cliWithoutNative(['upgrade', db, '-o', `${db}.again`], state);
    expect(again.code).toBe(0);
    expect(again.err).not.toContain('sql.js');
    expect(r.err).toContain('sql.js');
    const version = cliWithoutNative(['--version'], state);
    expect(version.out).toMatch(/runs on sql\.js \(native SQLite cannot be loaded: .*Cannot find package better-sqlite3 \(test\)/);
  });

  it('refuses --engine native with one sentence and exit code 2', () => {
    const { db } = workspace();
    const r = cliWithoutNative(['upgrade', db, '--engine', 'native']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^entropy-migrate: --engine native was asked for, but native SQLite \(better-sqlite3\) cannot be loaded: .*\. Run without --engine to use sql\.js\.\n$/);
  });
});

describe('--engine on the command line', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  };

  it('sqljs runs the sql.js path, native the native one, to the same database', async () => {
    const outputs: Uint8Array[] = [];
    for (const engine of ['sqljs', 'native']) {
      const { db } = workspace();
      const seen = io();
      const loads: string[] = [];
      const choose = (asked: 'native' | 'sqljs' | undefined) => chooseEngine(asked, async () => (loads.push('native'), native));
      expect(await main(['upgrade', db, '--engine', engine], entropy, seen.io, choose)).toBe(0);
      expect(loads).toEqual(engine === 'native' ? ['native'] : []);
      outputs.push(new Uint8Array(readFileSync(db.replace(/\.db$/, '.upgraded.db'))));
    }
    expect(snap(outputs[0]!)).toEqual(snap(outputs[1]!));
  });

  it('takes only native or sqljs', async () => {
    const seen = io();
    expect(await main(['upgrade', 'x.db', '--engine', 'sqlite'], entropy, seen.io)).toBe(2);
    expect(seen.err).toEqual(['entropy-migrate: --engine takes "native" or "sqljs", not "sqlite". Run "entropy-migrate --help" for usage.']);
  });

  it('is in --help', async () => {
    const seen = io();
    expect(await main(['--help'], entropy, seen.io)).toBe(0);
    expect(seen.out.join('\n')).toMatch(/--engine NAME {3}the SQLite that opens databases: native \(default;/);
  });
});
