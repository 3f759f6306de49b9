/** What can be wrong with a params.json; each is one printable sentence naming the file. */
import { MigrateError } from '../../src/engine/index.ts';

export type ParamStoreErrorCode =
  /** Not JSON as Python reads it (syntax, encoding). */
  | 'PARAMS_NOT_JSON'
  /** JSON, but not a tinydb database of ParamStore commits. */
  | 'PARAMS_NOT_TINYDB'
  /** A ParamStore format version this tool (and Entropy 0.15.9) does not know. */
  | 'PARAMS_VERSION_UNKNOWN'
  /** A value Entropy's conversion cannot express (e.g. a timestamp outside pandas' range). */
  | 'PARAMS_UNSUPPORTED_VALUE';

export class ParamStoreFileError extends MigrateError {
  constructor(code: ParamStoreErrorCode, message: string, data: Readonly<Record<string, unknown>> = {}) {
    super(code, message, data);
    this.name = 'ParamStoreFileError';
  }
}
