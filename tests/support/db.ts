/** Test helpers: sql.js in Node, the project's builders, and quick looks into a database. */
import { chain, entropy } from '../../migrations/index.ts';
import { buildEntropyDb, type BuildOptions } from '../../migrations/builders/entropy-db.ts';
import { migrateBytes, readVersions, type DbOpener, type Direction, type MigrateOutcome, type Row } from '../../src/engine/index.ts';
import { nodeOpener } from '../../src/sqljs/node.ts';
import { snapshot } from './snapshot.ts';

export { chain, entropy };
export const open: DbOpener = await nodeOpener();

/**
 * The head of Entropy's chain, read from the project definition, so the next revision moves
 * it and the tests follow (tests/migrations/registry.test.ts pins the nine released ones).
 */
export const HEAD: string = chain.head!;

/** How many steps an upgrade from `from` to the head runs. */
export const stepsToHead = (from: string | null): number => chain.upgradePath(from === null ? [] : [from], [HEAD]).length;

/** A revision as the CLI names it to people: its id, and the release that shipped it if any. */
export function named(revision: string): string {
  const release = entropy.releaseOfRevision(revision);
  return release ? `${revision} (${entropy.name} ${release})` : revision;
}

export const build = (at: BuildOptions['at'], options: Omit<BuildOptions, 'at'> = {}): Uint8Array =>
  buildEntropyDb(open, { at, ...options });

export function migrate(bytes: Uint8Array, direction: Direction, target?: string): MigrateOutcome {
  return migrateBytes(open, bytes, entropy, { direction, ...(target ? { target } : {}) });
}

/** Runs `fn` on a throwaway copy of `bytes`. */
export function withDb<T>(bytes: Uint8Array, fn: (db: ReturnType<DbOpener>) => T): T {
  const db = open(bytes);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export const versions = (bytes: Uint8Array): string[] => withDb(bytes, readVersions);
export const snap = (bytes: Uint8Array) => withDb(bytes, snapshot);
export const rows = (bytes: Uint8Array, sql: string): Row[] => withDb(bytes, (db) => db.query(sql));
export const sqlOf = (bytes: Uint8Array, name: string): string | null =>
  withDb(bytes, (db) => (db.query(`SELECT sql FROM sqlite_master WHERE name = ?`, [name])[0]?.sql as string | undefined) ?? null);

/** The revision below `revision` in Entropy's linear chain ("pre-alembic" below the base). */
export function below(revision: string): string {
  const down = chain.get(revision).downRevision;
  return down === null ? 'pre-alembic' : String(down);
}
