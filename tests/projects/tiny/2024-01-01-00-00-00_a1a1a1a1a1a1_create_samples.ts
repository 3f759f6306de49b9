/** Tiny's first revision: the samples table. */
import { defineMigration } from '../../../src/engine/index.ts';

export default defineMigration({
  revision: 'a1a1a1a1a1a1',
  downRevision: null,
  message: 'create samples',
  createDate: '2024-01-01 00:00:00',
  release: '1.0',
  summary: 'Creates the samples table.',
  title: 'Set up the sample list',
  undoTitle: 'Remove the sample list',
  upgrade(op) {
    op.execute('CREATE TABLE samples (id INTEGER PRIMARY KEY, name TEXT NOT NULL, archived INTEGER NOT NULL DEFAULT 0)');
  },
  downgrade(op) {
    op.dropTable('samples');
  },
});
