/**
 * The alembic_version table, exactly as Alembic creates and updates it: one row per head,
 * created when missing, kept (empty) when downgraded to base.
 */
import { quoteIdent, quoteLiteral, type Db } from '../db.ts';
import { assertNoDuplicateVersions, VersionTableIsViewError } from './version-check.ts';

export const VERSION_TABLE = 'alembic_version';

export const VERSION_TABLE_DDL =
  'CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)';

/**
 * The version table's name as the file spells it, or null when there is none. SQLite names
 * are case-insensitive (ASCII letters only, as lower() folds them), so `Alembic_Version` is
 * the table SQLAlchemy's has_table finds (it asks PRAGMA table_info) and Alembic then reads
 * and updates; it is found here the same way and kept as spelled. A view of that name is
 * refused: Alembic would read it and then fail to update it.
 */
export function versionTableName(db: Db): string | null {
  const found = db.query(`SELECT type, name FROM sqlite_master WHERE lower(name) = ? AND type IN ('table', 'view')`, [VERSION_TABLE])[0];
  if (!found) return null;
  if (found.type === 'view') throw new VersionTableIsViewError(String(found.name));
  return String(found.name);
}

/** Whether `name` (a table name from the file) names the version table; SQLite folds ASCII letters only. */
export const isVersionTable = (name: string): boolean => name.replace(/[A-Z]/g, (c) => c.toLowerCase()) === VERSION_TABLE;

/** The revisions recorded in the database; [] when at base or the table is missing. */
export function readVersions(db: Db): string[] {
  const table = versionTableName(db);
  if (table === null) return [];
  const recorded = db.query(`SELECT version_num FROM ${quoteIdent(table)}`).map((r) => String(r.version_num));
  assertNoDuplicateVersions(recorded);
  return recorded;
}

/** Statements that turn the recorded heads `before` into `after`, worded as Alembic's. */
export function stampStatements(before: readonly string[], after: readonly string[]): string[] {
  const removed = before.filter((v) => !after.includes(v));
  const added = after.filter((v) => !before.includes(v));
  const out: string[] = [];
  while (removed.length && added.length) {
    out.push(
      `UPDATE alembic_version SET version_num=${quoteLiteral(added.shift()!)} WHERE alembic_version.version_num = ${quoteLiteral(removed.shift()!)}`,
    );
  }
  for (const v of removed) out.push(`DELETE FROM alembic_version WHERE alembic_version.version_num = ${quoteLiteral(v)}`);
  for (const v of added) out.push(`INSERT INTO alembic_version (version_num) VALUES (${quoteLiteral(v)})`);
  return out;
}
