/** Lets experiments be marked as favorites. */
import { defineMigration, types as t, type Db } from '../src/engine/index.ts';
import { rowsFlagged, plural } from './support/words.ts';

function favoriteLoss(db: Db): string {
  const marked = rowsFlagged(db, 'Experiments', 'favorite');
  return marked ? `Deletes the favorite mark of every experiment (${plural(marked, 'experiment')} marked).` : 'Deletes the favorite marks (none is set in this file).';
}

export default defineMigration({
  revision: '273a9fae6206',
  downRevision: '7fa75ca1263f',
  message: 'experiments_favorite_col',
  createDate: '2022-06-23 10:16:39',
  release: '0.15.0',
  summary: 'Adds a column favorite (false for every existing experiment) to Experiments.',
  title: 'Let experiments be marked as favorites',
  undoTitle: 'Remove favorite marks',
  explanation: (db, direction) =>
    direction === 'upgrade' ? 'Entropy 0.15.0 and later let you mark experiments; none is marked yet.' : favoriteLoss(db),
  losses: (db) => [favoriteLoss(db)],
  upgrade(op) {
    op.addColumn('Experiments', { name: 'favorite', type: t.Boolean, nullable: false, serverDefault: 'False' });
  },
  downgrade(op) {
    op.dropColumn('Experiments', 'favorite');
  },
});
