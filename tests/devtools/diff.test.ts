/**
 * diffSchemas on its own (in memory) and applied to real databases: the operations it
 * returns must carry a database from one schema exactly to the other, both ways.
 */
import { describe, expect, it } from 'vitest';
import { chain } from '../../migrations/index.ts';
import { model } from '../../migrations/model.ts';
import {
  diffSchemas,
  introspect,
  normalizeSchema,
  Operations,
  plan,
  run,
  types as t,
  type DbFile,
  type Op,
  type Schema,
  type TableDef,
} from '../../src/engine/index.ts';
import { open } from '../support/db.ts';
import { changeModel } from './schema-changes.ts';

const changedModel = changeModel(model);

function headDb(): DbFile {
  const db = open(null);
  run(db, chain, plan(db, chain, 'upgrade', 'heads'));
  db.exec(`INSERT INTO "Experiments" (id, label, start_time) VALUES (1, 'e', '2022-01-01')`);
  db.exec(`INSERT INTO "Results" (id, experiment_id, stage, story, time) VALUES (1, 1, 7, 's', '2022-01-01')`);
  return db;
}

function apply(db: DbFile, ops: readonly Op[]): void {
  const op = new Operations({ db, files: null, execute: (sql) => db.exec(sql), note: () => {}, vacuumAfterCommit: () => {} });
  db.exec('BEGIN');
  for (const each of ops) op.apply(each);
  db.exec('COMMIT');
}

/** "kind:table" for each op, to read an op list at a glance. */
function labels(ops: readonly Op[]): string[] {
  return ops.map((o) => {
    switch (o.kind) {
      case 'createTable':
        return `${o.kind}:${o.table.name}`;
      case 'createIndex':
        return `${o.kind}:${o.index.table}`;
      case 'dropTable':
      case 'dropIndex':
        return `${o.kind}:${o.name}`;
      case 'execute':
        return o.kind;
      case 'renameTable':
        return `${o.kind}:${o.from}`;
      default:
        return `${o.kind}:${o.table}`;
    }
  });
}

const schemaOf = (db: DbFile): Schema => introspect(db, { skipVersionTable: true });
const table = (name: string, extra: Partial<TableDef> = {}): TableDef => ({
  name,
  columns: [{ name: 'id', type: t.Integer, nullable: false }],
  primaryKey: { columns: ['id'] },
  ...extra,
});

describe('diffSchemas', () => {
  it('finds nothing between a schema and itself', () => {
    expect(diffSchemas(model, model)).toEqual({ ops: [], notices: [] });
  });

  it('creates new tables parents first, with their indexes', () => {
    const child = table('Child', { foreignKeys: [{ columns: ['id'], refTable: 'Parent', refColumns: ['id'] }] });
    const to: Schema = { tables: [child, table('Parent')], indexes: [{ name: 'ix', table: 'Child', columns: ['id'] }] };
    expect(labels(diffSchemas({ tables: [], indexes: [] }, to).ops)).toEqual(['createTable:Parent', 'createTable:Child', 'createIndex:Child']);
  });

  it('uses ALTER TABLE where SQLite can, and one rebuild per table where it cannot', () => {
    const { ops } = diffSchemas(model, changedModel);
    expect(labels(ops)).toEqual([
      'createTable:Samples',
      'createIndex:Samples',
      'addColumn:Experiments',
      'addColumn:Experiments',
      'rebuildTable:Results',
    ]);
    const rebuild = ops[4] as Extract<Op, { kind: 'rebuildTable' }>;
    expect(rebuild.changes).toEqual([
      { kind: 'dropColumn', column: 'story' },
      { kind: 'alterColumn', column: 'stage', type: 'VARCHAR(16)' },
    ]);
  });

  it('rebuilds for a NOT NULL column without a default, and says the rebuild needs an empty table', () => {
    const to: Schema = { tables: [table('T', { columns: [...table('T').columns, { name: 'x', type: t.Integer, nullable: false }] })], indexes: [] };
    const { ops, notices } = diffSchemas({ tables: [table('T')], indexes: [] }, to);
    expect(ops.map((o) => o.kind)).toEqual(['rebuildTable']);
    expect(notices.join('\n')).toMatch(/NOT NULL without a server default/);
  });

  it('drops an index before the column it covers, and recreates a changed index', () => {
    const t1 = table('T', { columns: [...table('T').columns, { name: 'a', type: t.Text }, { name: 'b', type: t.Text }] });
    const from: Schema = { tables: [t1], indexes: [{ name: 'ix_a', table: 'T', columns: ['a'] }, { name: 'ix_b', table: 'T', columns: ['b'] }] };
    const to: Schema = {
      tables: [{ ...t1, columns: t1.columns.filter((c) => c.name !== 'a') }],
      indexes: [{ name: 'ix_b', table: 'T', columns: ['b'], unique: true }],
    };
    expect(diffSchemas(from, to).ops).toEqual([
      { kind: 'dropIndex', name: 'ix_a' },
      { kind: 'dropIndex', name: 'ix_b' },
      { kind: 'dropColumn', table: 'T', column: 'a' },
      { kind: 'createIndex', index: { name: 'ix_b', table: 'T', columns: ['b'], unique: true } },
    ]);
  });

  it('treats a foreign key whose ON DELETE changes as dropped and added', () => {
    const fk = { columns: ['id'], refTable: 'P', refColumns: ['id'] };
    const { ops } = diffSchemas(
      { tables: [table('T', { foreignKeys: [fk] })], indexes: [] },
      { tables: [table('T', { foreignKeys: [{ ...fk, onDelete: 'CASCADE' }] })], indexes: [] },
    );
    expect(ops).toEqual([
      { kind: 'rebuildTable', table: 'T', changes: [{ kind: 'dropForeignKey', columns: ['id'] }, { kind: 'addForeignKey', foreignKey: { ...fk, onDelete: 'CASCADE' } }] },
    ]);
  });

  it('shows a possible rename as drop and add, with the rename to use instead', () => {
    const renamedTable = diffSchemas({ tables: [table('Old')], indexes: [] }, { tables: [table('New')], indexes: [] });
    expect(renamedTable.ops.map((o) => o.kind)).toEqual(['createTable', 'dropTable']);
    expect(renamedTable.notices.join('\n')).toContain(`op.renameTable('Old', 'New')`);
    const withA = table('T', { columns: [...table('T').columns, { name: 'a', type: t.Text }] });
    const withB = table('T', { columns: [...table('T').columns, { name: 'b', type: t.Text }] });
    const renamedColumn = diffSchemas({ tables: [withA], indexes: [] }, { tables: [withB], indexes: [] });
    expect(renamedColumn.notices.join('\n')).toContain(`op.renameColumn('T', 'a', 'b')`);
  });

  it('says what it does not write: primary key changes', () => {
    const to = table('T', { columns: [...table('T').columns, { name: 'k', type: t.Integer, nullable: false }], primaryKey: { columns: ['id', 'k'] } });
    expect(diffSchemas({ tables: [table('T')], indexes: [] }, { tables: [to], indexes: [] }).notices.join('\n')).toMatch(/primary key changes/);
  });
});

describe('diffSchemas applied to a head database with rows', () => {
  it('reaches the changed schema, and its reverse diff comes back', () => {
    const db = headDb();
    try {
      const before = schemaOf(db);
      apply(db, diffSchemas(before, changedModel).ops);
      expect(diffSchemas(schemaOf(db), changedModel).ops).toEqual([]);
      expect(db.query('SELECT stage, typeof(stage) AS t FROM "Results"')).toEqual([{ stage: '7', t: 'text' }]);
      expect(db.query('SELECT priority FROM "Experiments"')).toEqual([{ priority: 0 }]);

      apply(db, diffSchemas(changedModel, before).ops);
      expect(diffSchemas(schemaOf(db), model).ops).toEqual([]);
      expect(normalizeSchema(schemaOf(db)).tables.map((t) => t.name)).toEqual(normalizeSchema(model).tables.map((t) => t.name));
    } finally {
      db.close();
    }
  });
});
