/** Lets experiments be marked as favorites. */
import { defineMigration, types as t } from '../src/engine/index.ts';

export default defineMigration({
  revision: '273a9fae6206',
  downRevision: '7fa75ca1263f',
  message: 'experiments_favorite_col',
  createDate: '2022-06-23 10:16:39',
  release: '0.15.0',
  summary: 'Adds a column favorite (false for every existing experiment) to Experiments.',
  upgrade(op) {
    op.addColumn('Experiments', { name: 'favorite', type: t.Boolean, nullable: false, serverDefault: 'False' });
  },
  downgrade(op) {
    op.dropColumn('Experiments', 'favorite');
  },
});
