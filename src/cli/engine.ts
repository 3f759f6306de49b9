/**
 * Which SQLite the CLI's commands run on: native SQLite (better-sqlite3, on the file itself)
 * unless told otherwise (`--engine sqljs`) or unable to load it; then sql.js, which holds the
 * whole database in memory, with a one-line note saying why.
 */
import { MigrateError } from '../engine/index.ts';
import { loadNativeSqlite, NativeUnavailableError, type NativeSqlite } from '../native/adapter.ts';
import { UsageError } from './errors.ts';
import { runsFromClone, VERSION } from './version.ts';

export type EngineName = 'native' | 'sqljs';

export type ChosenEngine =
  | { readonly name: 'native'; readonly native: NativeSqlite }
  /**
   * `note`: what to tell the user when native SQLite was not asked against and cannot load;
   * null when sql.js was asked for. `reason`: why it cannot load, in a few words.
   */
  | { readonly name: 'sqljs'; readonly note: string | null; readonly reason?: string };

/** The --engine value, checked. */
export function engineName(value: string | undefined): EngineName | undefined {
  if (value === undefined || value === 'native' || value === 'sqljs') return value;
  throw new UsageError(`--engine takes "native" or "sqljs", not "${value}".`);
}

/** `--engine native` where it cannot load is an error, not a fallback. */
export async function chooseEngine(asked: EngineName | undefined, load: () => Promise<NativeSqlite> = loadNativeSqlite): Promise<ChosenEngine> {
  if (asked === 'sqljs') return { name: 'sqljs', note: null };
  try {
    return { name: 'native', native: await load() };
  } catch (error) {
    if (!(error instanceof NativeUnavailableError)) throw error;
    if (asked === 'native') {
      throw new MigrateError('USAGE', `--engine native was asked for, but ${error.message}. Run without --engine to use sql.js.`, { reason: error.reason });
    }
    return { name: 'sqljs', note: sqljsNote(error.reason), reason: why(error.reason) };
  }
}

/**
 * Why native SQLite is missing, in words: better-sqlite3's JavaScript loads even where its
 * compiled part was never built, and then says only that a "bindings file" is missing.
 */
function why(reason: string): string {
  if (/bindings file/i.test(reason)) return 'its compiled part was not built when it was installed (npm runs its build script only when allowed)';
  return reason;
}

/** The one note a run on sql.js gives (said once per installation: see said-once.ts). */
export function sqljsNote(reason: string, fromClone = runsFromClone()): string {
  const build = fromClone
    ? 'run "npm ci" in the clone'
    : `install the package again with "npm install -g --allow-scripts=better-sqlite3 entropy-migrate-${VERSION}.tgz"`;
  return (
    `entropy-migrate runs on sql.js, because native SQLite (better-sqlite3) cannot be loaded: ${why(reason)}. ` +
    'Every command works; sql.js holds the whole database in memory (up to 2 GB). ' +
    `For native SQLite, ${build} (it needs Python, make and a C++ compiler). ` +
    'This note is shown once; "entropy-migrate --version" always tells which SQLite runs.'
  );
}
