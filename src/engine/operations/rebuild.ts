/**
 * SQLite's 12-step table rebuild (https://sqlite.org/lang_altertable.html#otheralter) for
 * changes ALTER TABLE cannot make. The runner owns steps 1, 2, 11 and 12 (foreign keys off
 * outside the transaction, BEGIN, COMMIT); this module does the rest inside the step's
 * transaction. The temporary name and final rename follow Alembic's batch mode, so the
 * stored CREATE text is what Alembic would have left.
 */
import { quoteIdent, type Db } from '../db.ts';
import { InvalidOperationError } from '../errors.ts';
import { hasTable, indexColumns, tableDef } from '../schema/introspect.ts';
import { renderCreateTable, renderRenameTable } from './render.ts';
import { applyTableChanges, type TableChange } from './table-changes.ts';

/** Works out every statement of the rebuild without running any of them. */
export function planRebuild(db: Db, table: string, changes: readonly TableChange[]): string[] {
  if (!hasTable(db, table)) throw new InvalidOperationError(`There is no table "${table}" to rebuild.`);
  const before = tableDef(db, table);
  const after = applyTableChanges(before, changes);
  const temp = `_alembic_tmp_${table}`;
  const kept = after.columns.filter((c) => before.columns.some((b) => b.name === c.name));
  const list = kept.map((c) => quoteIdent(c.name)).join(', ');
  const select = kept
    .map((c) => {
      const old = before.columns.find((b) => b.name === c.name)!;
      return old.type === c.type ? quoteIdent(c.name) : `CAST(${quoteIdent(c.name)} AS ${c.type})`;
    })
    .join(', ');
  const survivors = new Set(after.columns.map((c) => c.name));
  // Step 3: indexes and triggers to recreate; an index on a dropped column goes with it.
  const dependents = db
    .query(`SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid`, [table])
    .filter((r) => {
      if (r.type !== 'index') return true;
      return indexColumns(db, String(r.name)).every((c) => survivors.has(c));
    })
    .map((r) => String(r.sql));
  return [
    renderCreateTable(after, temp),
    ...(kept.length ? [`INSERT INTO ${quoteIdent(temp)} (${list}) SELECT ${select} FROM ${quoteIdent(table)}`] : []),
    `DROP TABLE ${quoteIdent(table)}`,
    renderRenameTable(temp, table),
    ...dependents,
  ];
}

/** Step 10: the rebuilt table must not break a foreign key, before anything commits. */
export function checkForeignKeys(db: Db, table: string): void {
  const broken = db.query(`SELECT "table", rowid, parent FROM pragma_foreign_key_check(?)`, [table]);
  if (broken.length) {
    const first = broken[0]!;
    throw new InvalidOperationError(
      `Rebuilding "${table}" would break ${broken.length} foreign key reference(s), the first in row ${String(first.rowid)} pointing to "${String(first.parent)}".`,
    );
  }
}
