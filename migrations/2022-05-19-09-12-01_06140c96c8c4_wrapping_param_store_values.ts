/** Wraps ParamStore values in params.json; the database itself does not change. */
import { defineMigration } from '../src/engine/index.ts';
import { upgrade_0_1_to_0_2 } from './param-store/index.ts';
import { paramStoreOnly } from './support/param-store-only.ts';

export default defineMigration({
  revision: '06140c96c8c4',
  downRevision: '9ffd2ba0d5bf',
  message: 'wrapping_param_store_values',
  createDate: '2022-05-19 09:12:01',
  release: '0.7.0',
  ...paramStoreOnly('06140c96c8c4', 'wraps every ParamStore value in an object that also records its expiration', upgrade_0_1_to_0_2, {
    title: 'Parameters: each value gets an expiration',
    undoTitle: 'Parameters: undo the expirations',
    inParams: 'each value gets an expiration',
  }),
});
