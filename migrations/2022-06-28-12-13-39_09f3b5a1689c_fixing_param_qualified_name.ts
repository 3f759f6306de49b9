/** Fixing Param qualified names in params.json; the database itself does not change. */
import { defineMigration } from '../src/engine/index.ts';
import { fixQualifiedName } from './param-store/index.ts';
import { paramStoreOnly } from './support/param-store-only.ts';

export default defineMigration({
  revision: '09f3b5a1689c',
  downRevision: '273a9fae6206',
  message: 'Fixing Param qualified names',
  createDate: '2022-06-28 12:13:39',
  release: '0.15.1',
  ...paramStoreOnly('09f3b5a1689c', 'corrects the qualified class name stored with each Param', fixQualifiedName, {
    title: 'Parameters: fix the names of stored parameter types',
    undoTitle: 'Parameters: undo the name fix',
    inParams: 'the names of stored parameter types are fixed',
  }),
});
