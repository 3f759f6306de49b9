/**
 * Operations as data. The same values are run by Operations, rendered as TypeScript by
 * autogenerate, and turned into SQL for offline scripts.
 */
import type { Column, IndexDef, TableDef } from '../schema/types.ts';
import type { TableChange } from './table-changes.ts';
import {
  renderAddColumn,
  renderCreateIndex,
  renderCreateTable,
  renderDropColumn,
  renderDropIndex,
  renderDropTable,
  renderRenameColumn,
  renderRenameTable,
} from './render.ts';

export type Op =
  | { readonly kind: 'createTable'; readonly table: TableDef }
  | { readonly kind: 'dropTable'; readonly name: string }
  | { readonly kind: 'addColumn'; readonly table: string; readonly column: Column }
  | { readonly kind: 'dropColumn'; readonly table: string; readonly column: string }
  | { readonly kind: 'renameTable'; readonly from: string; readonly to: string }
  | { readonly kind: 'renameColumn'; readonly table: string; readonly from: string; readonly to: string }
  | { readonly kind: 'createIndex'; readonly index: IndexDef }
  | { readonly kind: 'dropIndex'; readonly name: string }
  | { readonly kind: 'execute'; readonly sql: string }
  | { readonly kind: 'rebuildTable'; readonly table: string; readonly changes: readonly TableChange[] };

/** The SQL of an operation that needs no look at the database (all but rebuildTable). */
export function opToSql(op: Exclude<Op, { kind: 'rebuildTable' }>): string {
  switch (op.kind) {
    case 'createTable':
      return renderCreateTable(op.table);
    case 'dropTable':
      return renderDropTable(op.name);
    case 'addColumn':
      return renderAddColumn(op.table, op.column);
    case 'dropColumn':
      return renderDropColumn(op.table, op.column);
    case 'renameTable':
      return renderRenameTable(op.from, op.to);
    case 'renameColumn':
      return renderRenameColumn(op.table, op.from, op.to);
    case 'createIndex':
      return renderCreateIndex(op.index);
    case 'dropIndex':
      return renderDropIndex(op.name);
    case 'execute':
      return op.sql;
  }
}
