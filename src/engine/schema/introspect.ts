/** Reads a live database into a Schema value: sqlite_master plus the table pragmas. */
import type { Db, SqlValue } from '../db.ts';
import type { Column, ForeignKey, IndexDef, PrimaryKey, Schema, TableDef, UniqueConstraint } from './types.ts';

const str = (v: SqlValue): string => (v === null ? '' : String(v));

/** User tables, in the order sqlite_master lists them (creation order). */
export function tableNames(db: Db): string[] {
  return db
    .query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite~_%' ESCAPE '~'`)
    .map((r) => str(r.name!));
}

export function hasTable(db: Db, name: string): boolean {
  return db.query(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, [name]).length > 0;
}

export function columnsOf(db: Db, table: string): Column[] {
  return db.query(`SELECT name, type, "notnull", dflt_value FROM pragma_table_info(?) ORDER BY cid`, [table]).map((r) => {
    const column: { -readonly [K in keyof Column]: Column[K] } = { name: str(r.name!), type: str(r.type!) };
    if (r.notnull) column.nullable = false;
    if (r.dflt_value !== null && r.dflt_value !== undefined) column.serverDefault = str(r.dflt_value);
    return column;
  });
}

function primaryKeyOf(db: Db, table: string, sql: string): PrimaryKey | undefined {
  const columns = db
    .query(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, [table])
    .map((r) => str(r.name!));
  if (!columns.length) return undefined;
  const named = /CONSTRAINT\s+("?)([^"\s]+)\1\s+PRIMARY\s+KEY/i.exec(sql);
  return named ? { columns, name: named[2]! } : { columns };
}

export function foreignKeysOf(db: Db, table: string): ForeignKey[] {
  const rows = db.query(`SELECT * FROM pragma_foreign_key_list(?) ORDER BY id DESC, seq`, [table]);
  const byId = new Map<number, { columns: string[]; refColumns: string[]; refTable: string; onDelete: string; onUpdate: string }>();
  for (const r of rows) {
    const id = Number(r.id);
    let fk = byId.get(id);
    if (!fk) {
      fk = { columns: [], refColumns: [], refTable: str(r.table!), onDelete: str(r.on_delete!), onUpdate: str(r.on_update!) };
      byId.set(id, fk);
    }
    fk.columns.push(str(r.from!));
    fk.refColumns.push(str(r.to!));
  }
  // SQLite numbers foreign keys last-declared first; declaration order reads better.
  return [...byId.values()].map((fk) => ({
    columns: fk.columns,
    refTable: fk.refTable,
    refColumns: fk.refColumns,
    ...(fk.onDelete && fk.onDelete !== 'NO ACTION' ? { onDelete: fk.onDelete } : {}),
    ...(fk.onUpdate && fk.onUpdate !== 'NO ACTION' ? { onUpdate: fk.onUpdate } : {}),
  }));
}

/** An index's columns, in the index's order. */
export function indexColumns(db: Db, index: string): string[] {
  return db.query(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`, [index]).map((r) => str(r.name!));
}

function uniquesOf(db: Db, table: string): UniqueConstraint[] {
  return db
    .query(`SELECT name FROM pragma_index_list(?) WHERE origin = 'u' ORDER BY seq DESC`, [table])
    .map((r) => ({ columns: indexColumns(db, str(r.name!)) }));
}

/** Indexes made with CREATE INDEX (not the automatic ones behind PRIMARY KEY / UNIQUE). */
export function indexesOf(db: Db, table: string): IndexDef[] {
  return db
    .query(`SELECT name, "unique" FROM pragma_index_list(?) WHERE origin = 'c' ORDER BY name`, [table])
    .map((r) => ({ name: str(r.name!), table, columns: indexColumns(db, str(r.name!)), unique: Boolean(r.unique) }));
}

export function tableDef(db: Db, table: string): TableDef {
  const sqlRow = db.query(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [table])[0];
  const sql = sqlRow ? str(sqlRow.sql!) : '';
  const primaryKey = primaryKeyOf(db, table, sql);
  const foreignKeys = foreignKeysOf(db, table);
  const uniques = uniquesOf(db, table);
  return {
    name: table,
    columns: columnsOf(db, table),
    ...(primaryKey ? { primaryKey } : {}),
    ...(foreignKeys.length ? { foreignKeys } : {}),
    ...(uniques.length ? { uniques } : {}),
  };
}

export interface IntrospectOptions {
  /** Leave out alembic_version (it is the engine's, not the application's). */
  readonly skipVersionTable?: boolean;
}

export function introspect(db: Db, options: IntrospectOptions = {}): Schema {
  // SQLite names are case-insensitive (ASCII letters): Alembic_Version is the version table too.
  const names = tableNames(db).filter((n) => !(options.skipVersionTable && n.replace(/[A-Z]/g, (c) => c.toLowerCase()) === 'alembic_version'));
  return {
    tables: names.map((n) => tableDef(db, n)),
    indexes: names.flatMap((n) => indexesOf(db, n)),
  };
}
