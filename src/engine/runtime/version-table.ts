/**
 * The alembic_version table, exactly as Alembic creates and updates it: one row per head,
 * created when missing, kept (empty) when downgraded to base.
 */
import { quoteLiteral, type Db } from '../db.ts';
import { hasTable } from '../schema/introspect.ts';
import { assertNoDuplicateVersions } from './version-check.ts';

export const VERSION_TABLE = 'alembic_version';

export const VERSION_TABLE_DDL =
  'CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)';

/** The revisions recorded in the database; [] when at base or the table is missing. */
export function readVersions(db: Db): string[] {
  if (!hasTable(db, VERSION_TABLE)) return [];
  const recorded = db.query(`SELECT version_num FROM alembic_version`).map((r) => String(r.version_num));
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
