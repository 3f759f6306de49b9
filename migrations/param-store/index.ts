/** Entropy's ParamStore (params.json) steps, for revisions 06140c96c8c4, 09f3b5a1689c and 997e336572b8. */
export {
  PARAMS_PATH,
  backupPath,
  downgradedPath,
  upgrade_0_1_to_0_2,
  fixQualifiedName,
  upgrade_0_2_to_0_3,
  restoreParamStoreBackup,
  downgrade_0_2_to_0_1,
  unfixQualifiedName,
  downgrade_0_3_to_0_2,
  paramStoreFacts,
  type ParamsReadBack,
} from './revisions.ts';
export { ParamStoreFileError, type ParamStoreErrorCode } from './errors.ts';
