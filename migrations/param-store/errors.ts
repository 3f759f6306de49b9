/** What can be wrong with a params.json; each is one printable sentence naming the file. */
import { MigrateError, type ErrorCode } from '../../src/engine/index.ts';

export type ParamStoreErrorCode =
  /** Not JSON as Python reads it (syntax, encoding). */
  | 'PARAMS_NOT_JSON'
  /** JSON, but not a tinydb database of ParamStore commits. */
  | 'PARAMS_NOT_TINYDB'
  /** A ParamStore format version this tool (and Entropy 0.15.9) does not know. */
  | 'PARAMS_VERSION_UNKNOWN'
  /** A value Entropy's conversion cannot express (e.g. a timestamp outside pandas' range). */
  | 'PARAMS_UNSUPPORTED_VALUE';

/**
 * The engine's ErrorCode list does not name project-file problems yet; these codes travel in
 * `code` all the same (they survive structured clone as strings). The lead adds them to
 * ErrorCode when wiring the revisions; until then the cast below is the one place that knows.
 */
export class ParamStoreFileError extends MigrateError {
  constructor(code: ParamStoreErrorCode, message: string, data: Readonly<Record<string, unknown>> = {}) {
    super(code as unknown as ErrorCode, message, data);
    this.name = 'ParamStoreFileError';
  }
}
