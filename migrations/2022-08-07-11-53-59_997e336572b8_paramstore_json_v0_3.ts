/** ParamStore JSON v0.3: a new params.json layout; the database itself does not change. */
import { defineMigration } from '../src/engine/index.ts';
import { upgrade_0_2_to_0_3 } from './param-store/index.ts';
import { paramStoreOnly } from './support/param-store-only.ts';

export default defineMigration({
  revision: '997e336572b8',
  downRevision: '09f3b5a1689c',
  message: 'ParamStore JSON v0.3',
  createDate: '2022-08-07 11:53:59',
  release: '0.15.4',
  ...paramStoreOnly('997e336572b8', 'rewrites params.json in the ParamStore v0.3 format', upgrade_0_2_to_0_3, {
    title: 'Parameters: store times in the newer format',
    undoTitle: 'Parameters: undo the newer time format',
    inParams: 'times are stored in a newer format',
  }),
});
