/** Changes to one table that SQLite's ALTER TABLE cannot make, applied to its definition. */
import { InvalidOperationError } from '../errors.ts';
import type { Column, ForeignKey, TableDef } from '../schema/types.ts';

export type TableChange =
  | {
      readonly kind: 'alterColumn';
      readonly column: string;
      readonly type?: string;
      readonly nullable?: boolean;
      /** null removes the default. */
      readonly serverDefault?: string | null;
    }
  | { readonly kind: 'addColumn'; readonly column: Column }
  | { readonly kind: 'dropColumn'; readonly column: string }
  | { readonly kind: 'addForeignKey'; readonly foreignKey: ForeignKey }
  | { readonly kind: 'dropForeignKey'; readonly columns: readonly string[] };

const sameColumns = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((c, i) => c === b[i]);

function alterColumn(column: Column, change: Extract<TableChange, { kind: 'alterColumn' }>): Column {
  const { serverDefault: _old, ...rest } = column;
  const serverDefault = change.serverDefault === undefined ? column.serverDefault : change.serverDefault;
  return {
    ...rest,
    ...(change.type !== undefined ? { type: change.type } : {}),
    ...(change.nullable !== undefined ? { nullable: change.nullable } : {}),
    ...(serverDefault !== undefined && serverDefault !== null ? { serverDefault } : {}),
  };
}

export function applyTableChanges(table: TableDef, changes: readonly TableChange[]): TableDef {
  let columns = [...table.columns];
  let foreignKeys = [...(table.foreignKeys ?? [])];
  const find = (name: string): number => {
    const at = columns.findIndex((c) => c.name === name);
    if (at < 0) throw new InvalidOperationError(`Table "${table.name}" has no column "${name}".`);
    return at;
  };
  for (const change of changes) {
    switch (change.kind) {
      case 'alterColumn': {
        const at = find(change.column);
        columns[at] = alterColumn(columns[at]!, change);
        break;
      }
      case 'addColumn':
        if (columns.some((c) => c.name === change.column.name)) {
          throw new InvalidOperationError(`Table "${table.name}" already has a column "${change.column.name}".`);
        }
        columns.push(change.column);
        break;
      case 'dropColumn':
        find(change.column);
        columns = columns.filter((c) => c.name !== change.column);
        foreignKeys = foreignKeys.filter((fk) => !fk.columns.includes(change.column));
        break;
      case 'addForeignKey':
        foreignKeys.push(change.foreignKey);
        break;
      case 'dropForeignKey': {
        const before = foreignKeys.length;
        foreignKeys = foreignKeys.filter((fk) => !sameColumns(fk.columns, change.columns));
        if (foreignKeys.length === before) {
          throw new InvalidOperationError(`Table "${table.name}" has no foreign key on (${change.columns.join(', ')}).`);
        }
        break;
      }
    }
  }
  const names = new Set(columns.map((c) => c.name));
  const primaryKey = table.primaryKey && table.primaryKey.columns.every((c) => names.has(c)) ? table.primaryKey : undefined;
  const uniques = (table.uniques ?? []).filter((u) => u.columns.every((c) => names.has(c)));
  return {
    name: table.name,
    columns,
    ...(primaryKey ? { primaryKey } : {}),
    ...(foreignKeys.length ? { foreignKeys } : {}),
    ...(uniques.length ? { uniques } : {}),
  };
}
