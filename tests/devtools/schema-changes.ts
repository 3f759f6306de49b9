/** A declared schema changed the ways a developer would change Entropy's model. */
import { types as t, type Schema, type TableDef } from '../../src/engine/index.ts';

const samples: TableDef = {
  name: 'Samples',
  columns: [
    { name: 'id', type: t.Integer, nullable: false },
    { name: 'experiment_id', type: t.Integer, nullable: false },
    { name: 'label', type: t.String(64) },
    { name: 'taken_at', type: t.DateTime, nullable: false },
  ],
  primaryKey: { columns: ['id'] },
  foreignKeys: [{ columns: ['experiment_id'], refTable: 'Experiments', refColumns: ['id'], onDelete: 'CASCADE' }],
};

function edit(table: TableDef): TableDef {
  switch (table.name) {
    case 'Experiments':
      return {
        ...table,
        columns: [
          ...table.columns,
          { name: 'notes', type: t.Text },
          { name: 'priority', type: t.Integer, nullable: false, serverDefault: '0' },
        ],
      };
    case 'Results':
      return {
        ...table,
        columns: table.columns
          .filter((c) => c.name !== 'story')
          .map((c) => (c.name === 'stage' ? { ...c, type: t.String(16) } : c)),
      };
    default:
      return table;
  }
}

/**
 * Entropy's head schema with Samples added (with an index and a foreign key), a nullable
 * and a NOT NULL-with-default column added, a column dropped and a type changed. It takes
 * the head schema as a parameter so a project copy can declare it as its model.
 */
export function changeModel(head: Schema): Schema {
  return {
    tables: [...head.tables.map(edit), samples],
    indexes: [...head.indexes, { name: 'ix_Samples_label', table: 'Samples', columns: ['label'] }],
  };
}
