/**
 * The difference between two schemas, as the operations that turn `from` into `to`.
 * Autogenerate calls it twice: database -> declared model for a migration's upgrade, and
 * declared model -> database for its downgrade. Both schemas are fully known, so each
 * direction is exact (a dropped table comes back with every column, key and index).
 *
 * SQLite cannot ALTER a column's type, nullability or default, nor add or drop a foreign
 * key, so those changes become one rebuildTable per table, as Alembic's batch mode does.
 */
import type { Op } from '../operations/ops.ts';
import type { TableChange } from '../operations/table-changes.ts';
import type { Column, ForeignKey, IndexDef, Schema, TableDef } from './types.ts';

export interface SchemaDiff {
  readonly ops: readonly Op[];
  /** What the ops may get wrong or leave out: possible renames, primary keys, ... */
  readonly notices: readonly string[];
}

const normalType = (type: string): string => type.trim().replace(/\s+/g, ' ').toUpperCase();
const normalAction = (action: string | undefined): string => {
  const upper = (action ?? '').trim().toUpperCase();
  return upper === 'NO ACTION' ? '' : upper;
};
const list = (names: readonly string[]): string => names.join(', ');

/**
 * An INTEGER PRIMARY KEY column is SQLite's rowid and can never hold NULL, though
 * PRAGMA table_info reports it nullable when the DDL does not say NOT NULL (some projects'
 * raw-SQL Nodes table); SQLAlchemy declares it NOT NULL.
 */
function isRowid(table: TableDef, column: Column): boolean {
  const pk = table.primaryKey?.columns ?? [];
  return pk.length === 1 && pk[0] === column.name && normalType(column.type) === 'INTEGER';
}

function normalColumn(table: TableDef, column: Column): Column {
  return {
    name: column.name,
    type: normalType(column.type),
    nullable: isRowid(table, column) ? false : column.nullable !== false,
    ...(column.serverDefault !== undefined ? { serverDefault: column.serverDefault.trim() } : {}),
  };
}

function normalForeignKey(fk: ForeignKey): ForeignKey {
  // SQLite does not report constraint names, so a name cannot take part in the comparison.
  const onDelete = normalAction(fk.onDelete);
  const onUpdate = normalAction(fk.onUpdate);
  return {
    columns: fk.columns,
    refTable: fk.refTable,
    refColumns: fk.refColumns,
    ...(onDelete ? { onDelete } : {}),
    ...(onUpdate ? { onUpdate } : {}),
  };
}

const fkKey = (fk: ForeignKey): string => JSON.stringify(normalForeignKey(fk));
const indexKey = (index: IndexDef): string => JSON.stringify([index.table, index.columns, index.unique ?? false]);
const byName = <T extends { readonly name: string }>(items: readonly T[]): Map<string, T> =>
  new Map(items.map((item) => [item.name, item]));

/**
 * A schema in the form comparisons use: tables and indexes sorted by name, types in upper
 * case, defaults filled in. Column order is kept, since it is visible in the database.
 */
export function normalizeSchema(schema: Schema): Schema {
  const tables = [...schema.tables]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((table): TableDef => {
      const foreignKeys = (table.foreignKeys ?? []).map(normalForeignKey).sort((a, b) => fkKey(a).localeCompare(fkKey(b)));
      const uniques = (table.uniques ?? []).map((u) => ({ columns: u.columns })).sort((a, b) => list(a.columns).localeCompare(list(b.columns)));
      return {
        name: table.name,
        columns: table.columns.map((c) => normalColumn(table, c)),
        ...(table.primaryKey ? { primaryKey: table.primaryKey } : {}),
        ...(foreignKeys.length ? { foreignKeys } : {}),
        ...(uniques.length ? { uniques } : {}),
      };
    });
  const indexes = [...schema.indexes]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((i): IndexDef => ({ name: i.name, table: i.table, columns: i.columns, unique: i.unique ?? false }));
  return { tables, indexes };
}

/** Tables in an order where each comes after the tables it references (when it can). */
function parentsFirst(tables: readonly TableDef[]): TableDef[] {
  const pending = new Map(tables.map((t) => [t.name, t]));
  const out: TableDef[] = [];
  const visit = (table: TableDef): void => {
    if (!pending.delete(table.name)) return;
    for (const fk of table.foreignKeys ?? []) {
      const parent = pending.get(fk.refTable);
      if (parent) visit(parent);
    }
    out.push(table);
  };
  for (const table of tables) visit(table);
  return out;
}

function columnChange(tables: readonly [TableDef, TableDef], before: Column, after: Column): TableChange | null {
  const a = normalColumn(tables[0], before);
  const b = normalColumn(tables[1], after);
  const type = a.type !== b.type ? { type: after.type } : {};
  const nullable = a.nullable !== b.nullable ? { nullable: b.nullable! } : {};
  const serverDefault = a.serverDefault !== b.serverDefault ? { serverDefault: after.serverDefault ?? null } : {};
  if (!Object.keys({ ...type, ...nullable, ...serverDefault }).length) return null;
  return { kind: 'alterColumn', column: after.name, ...type, ...nullable, ...serverDefault };
}

/** ALTER TABLE ADD COLUMN refuses NOT NULL without a default, and non-constant defaults. */
function alterCanAdd(column: Column): boolean {
  const def = column.serverDefault?.trim();
  if (column.nullable === false && (def === undefined || /^null$/i.test(def))) return false;
  return def === undefined || !/^(\(|current_)/i.test(def);
}

/** ALTER TABLE DROP COLUMN refuses key columns and columns a surviving index uses. */
function alterCanDrop(table: TableDef, column: string, keptIndexes: readonly IndexDef[]): boolean {
  const keys = [
    table.primaryKey?.columns ?? [],
    ...(table.uniques ?? []).map((u) => u.columns),
    ...(table.foreignKeys ?? []).map((fk) => fk.columns),
    ...keptIndexes.map((i) => i.columns),
  ];
  return !keys.some((columns) => columns.includes(column));
}

function diffTable(
  before: TableDef,
  after: TableDef,
  indexesBefore: readonly IndexDef[],
  indexesAfter: readonly IndexDef[],
): SchemaDiff {
  const ops: Op[] = [];
  const notices: string[] = [];
  const name = after.name;
  const oldColumns = byName(before.columns);
  const newColumns = byName(after.columns);
  const dropped = before.columns.filter((c) => !newColumns.has(c.name)).map((c) => c.name);
  const added = after.columns.filter((c) => !oldColumns.has(c.name));
  const altered = after.columns.flatMap((c) => {
    const old = oldColumns.get(c.name);
    const change = old ? columnChange([before, after], old, c) : null;
    return change ? [change] : [];
  });

  // A foreign key on a dropped column goes with the column.
  const oldFks = (before.foreignKeys ?? []).filter((fk) => !fk.columns.some((c) => dropped.includes(c)));
  const newFkKeys = new Set((after.foreignKeys ?? []).map(fkKey));
  const oldFkKeys = new Set(oldFks.map(fkKey));
  const fksDropped = oldFks.filter((fk) => !newFkKeys.has(fkKey(fk)));
  const fksAdded = (after.foreignKeys ?? []).filter((fk) => !oldFkKeys.has(fkKey(fk)));

  const oldIndexes = byName(indexesBefore);
  const newIndexes = byName(indexesAfter);
  const indexesDropped = indexesBefore.filter((i) => newIndexes.get(i.name) === undefined || indexKey(newIndexes.get(i.name)!) !== indexKey(i));
  const indexesCreated = indexesAfter.filter((i) => oldIndexes.get(i.name) === undefined || indexKey(oldIndexes.get(i.name)!) !== indexKey(i));
  const indexesKept = indexesBefore.filter((i) => !indexesDropped.includes(i));

  const rebuild =
    altered.length > 0 ||
    fksDropped.length > 0 ||
    fksAdded.length > 0 ||
    !added.every(alterCanAdd) ||
    !dropped.every((c) => alterCanDrop(before, c, indexesKept));

  for (const index of indexesDropped) ops.push({ kind: 'dropIndex', name: index.name });
  if (rebuild) {
    const changes: TableChange[] = [
      ...fksDropped.map((fk): TableChange => ({ kind: 'dropForeignKey', columns: fk.columns })),
      ...dropped.map((column): TableChange => ({ kind: 'dropColumn', column })),
      ...altered,
      ...added.map((column): TableChange => ({ kind: 'addColumn', column })),
      ...fksAdded.map((foreignKey): TableChange => ({ kind: 'addForeignKey', foreignKey })),
    ];
    ops.push({ kind: 'rebuildTable', table: name, changes });
  } else {
    for (const column of dropped) ops.push({ kind: 'dropColumn', table: name, column });
    for (const column of added) ops.push({ kind: 'addColumn', table: name, column });
  }
  for (const index of indexesCreated) ops.push({ kind: 'createIndex', index });

  if (dropped.length && added.length) {
    notices.push(
      `Table "${name}": column(s) ${list(dropped)} dropped and ${list(added.map((c) => c.name))} added. A rename cannot be told apart from a drop and an add; if one is a rename, replace the pair with op.renameColumn('${name}', '${dropped[0]}', '${added[0]!.name}') so the column keeps its data.`,
    );
  }
  for (const column of added) {
    if (column.nullable === false && column.serverDefault === undefined) {
      notices.push(
        `Column "${name}"."${column.name}" is NOT NULL without a server default: the rebuild fails if "${name}" has rows. Give it a serverDefault, or add it nullable, fill it with op.execute, then make it NOT NULL.`,
      );
    }
  }
  const pk = (t: TableDef) => list(t.primaryKey?.columns ?? []);
  if (pk(before) !== pk(after)) {
    notices.push(`Table "${name}": the primary key changes from (${pk(before)}) to (${pk(after)}). Autogenerate does not write primary key changes; write them by hand.`);
  }
  const uniques = (t: TableDef) => JSON.stringify(normalizeSchema({ tables: [t], indexes: [] }).tables[0]!.uniques ?? []);
  if (uniques(before) !== uniques(after)) {
    notices.push(`Table "${name}": its UNIQUE constraints change. Autogenerate does not write unique constraint changes; write them by hand (or declare a unique index instead).`);
  }
  return { ops, notices };
}

/** The operations that turn a database with schema `from` into one with schema `to`. */
export function diffSchemas(from: Schema, to: Schema): SchemaDiff {
  const oldTables = byName(from.tables);
  const newTables = byName(to.tables);
  const indexesOf = (schema: Schema, table: string) => schema.indexes.filter((i) => i.table === table);
  const created = parentsFirst(to.tables.filter((t) => !oldTables.has(t.name)));
  const dropped = parentsFirst(from.tables.filter((t) => !newTables.has(t.name))).reverse();

  const ops: Op[] = [];
  const notices: string[] = [];
  for (const table of created) {
    ops.push({ kind: 'createTable', table });
    for (const index of indexesOf(to, table.name)) ops.push({ kind: 'createIndex', index });
  }
  for (const table of to.tables) {
    const old = oldTables.get(table.name);
    if (!old) continue;
    const diff = diffTable(old, table, indexesOf(from, table.name), indexesOf(to, table.name));
    ops.push(...diff.ops);
    notices.push(...diff.notices);
  }
  // DROP TABLE takes the table's indexes with it.
  for (const table of dropped) ops.push({ kind: 'dropTable', name: table.name });

  if (created.length && dropped.length) {
    const [gone, come] = [dropped[0]!.name, created[0]!.name];
    notices.push(
      `Table(s) ${list(dropped.map((t) => t.name))} dropped and ${list(created.map((t) => t.name))} created. A rename cannot be told apart from a drop and a create; if one is a rename, replace the pair with op.renameTable('${gone}', '${come}') so the table keeps its rows.`,
    );
  }
  return { ops, notices };
}
