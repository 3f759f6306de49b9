/**
 * Compares the declared schema with a database's and says what autogenerate found, in the
 * words Alembic's "Detected ..." lines use, plus what it cannot detect at all.
 */
import { diffSchemas, type Op, type Schema, type TableChange } from '../engine/index.ts';

export interface Comparison {
  /** Database -> declared schema. */
  readonly upgrade: readonly Op[];
  /** Declared schema -> database. */
  readonly downgrade: readonly Op[];
  /** One phrase per change the upgrade makes ("adds table Samples"). */
  readonly changes: readonly string[];
  /** Possible renames and changes autogenerate leaves to the developer. */
  readonly notices: readonly string[];
}

/** What no comparison of two schemas can see; printed after every autogenerate. */
export const UNDETECTABLE = [
  'table and column renames (they appear as a drop and an add; use op.renameTable / op.renameColumn)',
  'primary key and UNIQUE constraint changes (reported, not written)',
  'constraint names of foreign keys (SQLite does not report them)',
  'CHECK constraints, triggers and views',
  'column order (ALTER TABLE ADD COLUMN always appends)',
  'changes to data, and to params.json beside the database',
];

const columns = (names: readonly string[]): string => names.join(', ');

function describeChange(table: string, change: TableChange): string {
  switch (change.kind) {
    case 'alterColumn': {
      const parts: string[] = [];
      if (change.type !== undefined) parts.push(`type to ${change.type}`);
      if (change.nullable !== undefined) parts.push(change.nullable ? 'to nullable' : 'to NOT NULL');
      if (change.serverDefault !== undefined) parts.push(change.serverDefault === null ? 'to no server default' : `server default to ${change.serverDefault}`);
      return `changes ${table}.${change.column} ${parts.join(', ')}`;
    }
    case 'addColumn':
      return `adds column ${table}.${change.column.name}`;
    case 'dropColumn':
      return `drops column ${table}.${change.column}`;
    case 'addForeignKey':
      return `adds foreign key ${table}(${columns(change.foreignKey.columns)}) -> ${change.foreignKey.refTable}`;
    case 'dropForeignKey':
      return `drops the foreign key on ${table}(${columns(change.columns)})`;
  }
}

function describeOp(op: Op): string[] {
  switch (op.kind) {
    case 'createTable':
      return [`adds table ${op.table.name}`];
    case 'dropTable':
      return [`drops table ${op.name}`];
    case 'addColumn':
      return [`adds column ${op.table}.${op.column.name}`];
    case 'dropColumn':
      return [`drops column ${op.table}.${op.column}`];
    case 'renameTable':
      return [`renames table ${op.from} to ${op.to}`];
    case 'renameColumn':
      return [`renames column ${op.table}.${op.from} to ${op.to}`];
    case 'createIndex':
      return [`adds ${op.index.unique ? 'unique ' : ''}index ${op.index.name} on ${op.index.table}(${columns(op.index.columns)})`];
    case 'dropIndex':
      return [`drops index ${op.name}`];
    case 'execute':
      return ['runs SQL'];
    case 'rebuildTable':
      return op.changes.map((change) => describeChange(op.table, change));
  }
}

export function compareSchemas(database: Schema, declared: Schema): Comparison {
  const upgrade = diffSchemas(database, declared);
  return {
    upgrade: upgrade.ops,
    downgrade: diffSchemas(declared, database).ops,
    changes: upgrade.ops.flatMap(describeOp),
    notices: upgrade.notices,
  };
}
