/** The Figures table, for plots that experiments save. */
import { defineMigration, types as t } from '../src/engine/index.ts';
import { plural, rowsIn } from './support/words.ts';

export default defineMigration({
  revision: 'f1ada2484fe2',
  downRevision: '04ae19b32c08',
  message: 'create_figures_table',
  createDate: '2022-03-17 15:57:28',
  release: '0.5.1',
  summary: 'Creates the Figures table (where it does not exist yet).',
  title: 'Add a place for figures',
  undoTitle: 'Remove saved figures',
  explanation: (db, direction) =>
    direction === 'upgrade' ? 'Entropy 0.5.1 and later keep the figures of experiments there.' : `Deletes every saved figure: ${plural(rowsIn(db, 'Figures'), 'figure')}.`,
  losses: (db) => [`Deletes every saved figure: ${plural(rowsIn(db, 'Figures'), 'figure')}.`],
  upgrade(op) {
    if (op.hasTable('Figures')) return;
    op.createTable({
      name: 'Figures',
      columns: [
        { name: 'id', type: t.Integer, nullable: false },
        { name: 'experiment_id', type: t.Integer, nullable: false },
        { name: 'figure', type: t.String(), nullable: false },
        { name: 'time', type: t.DateTime, nullable: false },
      ],
      primaryKey: { columns: ['id'] },
      foreignKeys: [{ columns: ['experiment_id'], refTable: 'Experiments', refColumns: ['id'], onDelete: 'CASCADE' }],
    });
  },
  downgrade(op) {
    op.dropTable('Figures');
  },
});
