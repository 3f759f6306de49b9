/**
 * DDL text rendered exactly as SQLAlchemy 1.4's SQLite dialect renders it, because SQLite
 * stores CREATE statements verbatim in sqlite_master and the files a project's Alembic wrote must match byte
 * for byte what Alembic would have written.
 */
import type { Column, ForeignKey, IndexDef, PrimaryKey, TableDef, UniqueConstraint } from '../schema/types.ts';

// sqlalchemy/dialects/sqlite/base.py SQLiteIdentifierPreparer.reserved_words
const RESERVED = new Set(
  `add after all alter analyze and as asc attach autoincrement before begin between by cascade case cast
   check collate column commit conflict constraint create cross current_date current_time current_timestamp
   database default deferrable deferred delete desc detach distinct drop each else end escape except
   exclusive exists explain false fail for foreign from full glob group having if ignore immediate in index
   indexed initially inner insert instead intersect into is isnull join key left like limit match natural
   not notnull null of offset on or order outer plan pragma primary query raise references reindex rename
   replace restrict right rollback row select set table temp temporary then to transaction trigger true
   union unique update using vacuum values view virtual when where`.split(/\s+/),
);
const LEGAL = /^[A-Z0-9_$]+$/i;

/** SQLAlchemy's IdentifierPreparer.quote: quotes only names that need it. */
export function quoteName(name: string): string {
  const lower = name.toLowerCase();
  const needsQuotes =
    RESERVED.has(lower) || /^[0-9$_]/.test(name) || !LEGAL.test(name) || lower !== name;
  return needsQuotes ? `"${name.replace(/"/g, '""')}"` : name;
}

const names = (cols: readonly string[]): string => cols.map(quoteName).join(', ');

export function renderColumn(column: Column): string {
  let spec = `${quoteName(column.name)} ${column.type}`;
  if (column.serverDefault !== undefined) spec += ` DEFAULT ${column.serverDefault}`;
  if (column.nullable === false) spec += ' NOT NULL';
  return spec;
}

function constraintName(name: string | undefined): string {
  return name ? `CONSTRAINT ${quoteName(name)} ` : '';
}

function renderPrimaryKey(pk: PrimaryKey): string {
  return `${constraintName(pk.name)}PRIMARY KEY (${names(pk.columns)})`;
}

export function renderForeignKey(fk: ForeignKey): string {
  let text = `${constraintName(fk.name)}FOREIGN KEY(${names(fk.columns)}) REFERENCES ${quoteName(fk.refTable)} (${names(fk.refColumns)})`;
  if (fk.onDelete) text += ` ON DELETE ${fk.onDelete}`;
  if (fk.onUpdate) text += ` ON UPDATE ${fk.onUpdate}`;
  return text;
}

function renderUnique(unique: UniqueConstraint): string {
  return `${constraintName(unique.name)}UNIQUE (${names(unique.columns)})`;
}

export function renderCreateTable(table: TableDef, name = table.name): string {
  const parts = [
    ...table.columns.map(renderColumn),
    ...(table.primaryKey && table.primaryKey.columns.length ? [renderPrimaryKey(table.primaryKey)] : []),
    ...(table.foreignKeys ?? []).map(renderForeignKey),
    ...(table.uniques ?? []).map(renderUnique),
  ];
  return `CREATE TABLE ${quoteName(name)} (\n\t${parts.join(', \n\t')}\n)`;
}

export function renderCreateIndex(index: IndexDef): string {
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteName(index.name)} ON ${quoteName(index.table)} (${names(index.columns)})`;
}

export const renderDropTable = (name: string): string => `DROP TABLE ${quoteName(name)}`;
export const renderDropIndex = (name: string): string => `DROP INDEX ${quoteName(name)}`;
export const renderAddColumn = (table: string, column: Column): string =>
  `ALTER TABLE ${quoteName(table)} ADD COLUMN ${renderColumn(column)}`;
export const renderDropColumn = (table: string, column: string): string =>
  `ALTER TABLE ${quoteName(table)} DROP COLUMN ${quoteName(column)}`;
export const renderRenameTable = (from: string, to: string): string =>
  `ALTER TABLE ${quoteName(from)} RENAME TO ${quoteName(to)}`;
export const renderRenameColumn = (table: string, from: string, to: string): string =>
  `ALTER TABLE ${quoteName(table)} RENAME COLUMN ${quoteName(from)} TO ${quoteName(to)}`;
