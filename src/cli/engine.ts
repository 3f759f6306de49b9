/**
 * Which SQLite the CLI's commands run on: native SQLite (better-sqlite3, on the file itself)
 * unless told otherwise (`--engine sqljs`) or unable to load it; then sql.js, which holds the
 * whole database in memory, with a one-line note saying why.
 */
import { MigrateError } from '../engine/index.ts';
import { loadNativeSqlite, NativeUnavailableError, type NativeSqlite } from '../native/adapter.ts';
import { UsageError } from './errors.ts';

export type EngineName = 'native' | 'sqljs';

export type ChosenEngine =
  | { readonly name: 'native'; readonly native: NativeSqlite }
  /** `note`: why native SQLite is not used, when it was not asked for; null when sql.js was. */
  | { readonly name: 'sqljs'; readonly note: string | null };

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
    return {
      name: 'sqljs',
      note: `${error.message[0]!.toUpperCase()}${error.message.slice(1)}; using sql.js instead, which holds the whole database in memory (reinstall with "npm ci" to build it).`,
    };
  }
}
