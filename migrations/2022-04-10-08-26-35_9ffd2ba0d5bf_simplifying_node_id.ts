/**
 * Simplifying node id: Nodes gets a single INTEGER PRIMARY KEY, the old id becomes stage_id.
 * The SQL is Entropy's own, whitespace included, because SQLite keeps the CREATE text as
 * written and the result must match Entropy's byte for byte. The old table is kept as
 * Nodes_old, and a downgrade leaves Nodes_new behind, both as Entropy does.
 */
import { defineMigration, type Db } from '../src/engine/index.ts';
import { plural, rowsIn } from './support/words.ts';

const CREATE_NODES_NEW = `CREATE TABLE "Nodes_new" (
        id INTEGER PRIMARY KEY,
        experiment_id INTEGER NOT NULL,
        stage_id INTEGER NOT NULL,
        label VARCHAR,
        start DATETIME NOT NULL,
        is_key_node BOOLEAN,
        FOREIGN KEY(experiment_id) REFERENCES "Experiments" (id) ON DELETE CASCADE)`;

const COPY_NODES = `INSERT INTO Nodes_new
        (experiment_id, stage_id, label, start, is_key_node)
        SELECT experiment_id, id, label, start, is_key_node
        FROM Nodes`;

function nodeLoss(db: Db): string {
  return `Sets aside the current node list (${plural(rowsIn(db, 'Nodes'), 'node')}) and brings back the copy kept at the upgrade; nodes recorded since then are not in that copy.`;
}

export default defineMigration({
  revision: '9ffd2ba0d5bf',
  downRevision: 'f1ada2484fe2',
  message: 'simplifying node id',
  createDate: '2022-04-10 08:26:35',
  release: '0.5.1',
  summary: 'Rebuilds Nodes with a single numeric id (the old id is kept as stage_id); the old table stays as Nodes_old.',
  title: 'Renumber the nodes of experiments',
  undoTitle: 'Go back to the old node list',
  explanation: (db, direction) =>
    direction === 'upgrade' ? "Each node of an experiment's graph gets a number of its own; the old numbers, and a copy of the old list, are kept." : nodeLoss(db),
  losses: (db) => [nodeLoss(db)],
  upgrade(op) {
    op.execute('DROP TABLE IF EXISTS "Nodes_new"');
    op.execute(CREATE_NODES_NEW);
    op.execute(COPY_NODES);
    op.renameTable('Nodes', 'Nodes_old');
    op.renameTable('Nodes_new', 'Nodes');
  },
  downgrade(op) {
    op.renameTable('Nodes', 'Nodes_new');
    op.renameTable('Nodes_old', 'Nodes');
  },
});
