/**
 * Small helpers for the words the revisions give people (their titles, explanations and what
 * a downgrade deletes): counts read from the database, and numbers with their nouns.
 */
import { columnsOf, hasTable, quoteIdent, type Db } from '../../src/engine/index.ts';

export { plural } from '../../src/engine/index.ts';

/** Rows in `table`; 0 where the database has no such table. */
export function rowsIn(db: Db, table: string): number {
  if (!hasTable(db, table)) return 0;
  return Number(db.query(`SELECT count(*) AS n FROM ${quoteIdent(table)}`)[0]!.n);
}

/** Rows of `table` whose `column` is 1; 0 where the table or the column does not exist yet. */
export function rowsFlagged(db: Db, table: string, column: string): number {
  if (!hasTable(db, table) || !columnsOf(db, table).some((c) => c.name === column)) return 0;
  return Number(db.query(`SELECT count(*) AS n FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)} = 1`)[0]!.n);
}
