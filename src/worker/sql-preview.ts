/**
 * The SQL a plan will run, found honestly: by running the plan on a schema-only copy of the
 * database (same tables, indexes, triggers and alembic_version, no rows). The migrations'
 * SQL depends only on the schema, so this shows exactly the statements the real run issues,
 * and it costs next to nothing even for a file of gigabytes.
 */
import { plan, quoteIdent, readVersions, run, VERSION_TABLE, type Chain, type Db, type DbOpener, type Direction } from '../engine/index.ts';

export interface SchemaCopy {
  /** CREATE statements from sqlite_master, in their original order. */
  readonly ddl: readonly string[];
  readonly versions: readonly string[];
}

/** Reads what a schema-only copy needs from an open database. */
export function readSchema(db: Db): SchemaCopy {
  const ddl = db
    .query("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid")
    .map((row) => String(row.sql));
  return { ddl, versions: readVersions(db) };
}

/** The statements of each step of the plan from `schema` to `target`, one list per step. */
export function statementsFor(open: DbOpener, chain: Chain, schema: SchemaCopy, direction: Direction, target: string): string[][] {
  const db = open(null);
  try {
    for (const sql of schema.ddl) db.exec(sql);
    for (const version of schema.versions) db.run(`INSERT INTO ${quoteIdent(VERSION_TABLE)} (version_num) VALUES (?)`, [version]);
    const result = run(db, chain, plan(db, chain, direction, target));
    return result.steps.map((step) => [...step.statements]);
  } finally {
    db.close();
  }
}
