/**
 * A database reduced to what "the same" means for Entropy's files (see the fixtures'
 * README): every table, index, view and trigger's CREATE text, its pragmas, and its rows
 * ordered by every column. Internal auto-indexes and page layout are left out.
 */
import { quoteIdent, type Db, type SqlValue } from '../../src/engine/index.ts';

export interface ObjectSnapshot {
  type: string;
  name: string;
  sql: string | null;
  tableInfo?: unknown[];
  foreignKeys?: unknown[];
  indexList?: unknown[];
  rows?: string[];
}

function render(value: SqlValue): string {
  if (value instanceof Uint8Array) return `x'${Buffer.from(value).toString('hex')}'`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

export function snapshot(db: Db): Record<string, ObjectSnapshot> {
  const objects = db.query(
    `SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex_%' AND name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY type, name`,
  );
  const out: Record<string, ObjectSnapshot> = {};
  for (const o of objects) {
    const name = String(o.name);
    const entry: ObjectSnapshot = { type: String(o.type), name, sql: o.sql === null ? null : String(o.sql) };
    if (entry.type === 'table') {
      entry.tableInfo = db.query(`SELECT * FROM pragma_table_info(?)`, [name]);
      entry.foreignKeys = db.query(`SELECT * FROM pragma_foreign_key_list(?)`, [name]);
      entry.indexList = db
        .query(`SELECT * FROM pragma_index_list(?)`, [name])
        .map((r) => ({ ...r, name: String(r.name).startsWith('sqlite_autoindex_') ? '(auto)' : r.name, seq: undefined }));
      const columns = db.query(`SELECT name FROM pragma_table_info(?)`, [name]).map((r) => quoteIdent(String(r.name)));
      const orderBy = columns.length ? ` ORDER BY ${columns.join(', ')}` : '';
      entry.rows = db.query(`SELECT * FROM ${quoteIdent(name)}${orderBy}`).map((r) => Object.values(r).map(render).join('|'));
    }
    out[`${entry.type}:${name}`] = entry;
  }
  return out;
}
