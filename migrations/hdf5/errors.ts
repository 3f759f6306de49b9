import { MigrateError } from '../../src/engine/index.ts';

export type Hdf5Problem =
  | 'DUPLICATE_LABEL'
  | 'UNREADABLE_ROW'
  | 'UNSUPPORTED_VALUE'
  | 'BAD_GLOBAL_FILE'
  | 'UNREADABLE_HDF5'
  | 'KEPT_ROWS_MISSING';

/** Every refusal says that the folder was left alone, once. */
const saidOnce = (message: string) => (/Nothing was written\.$/.test(message) ? message : `${message.replace(/\.+$/, '')}. Nothing was written.`);

/** Why the HDF5 part of an upgrade cannot be done as Entropy would; nothing has been written. */
export class Hdf5MoveError extends MigrateError {
  constructor(
    readonly problem: Hdf5Problem,
    message: string,
    data: Readonly<Record<string, unknown>> = {},
  ) {
    super('CHECK_FAILED', saidOnce(message), { problem, ...data });
    this.name = 'Hdf5MoveError';
  }
}

/** What a run should tell about the HDF5 part without stopping (data a later reader may trip on, ...). */
export interface Hdf5Warning {
  readonly code: 'METADATA_WITHOUT_RESULT' | 'LABEL_WITH_SLASH' | 'ROWS_LEFT_IN_SQLITE' | 'STORED_AS_PICKLE' | 'BETTER_THAN_ENTROPY' | 'NOT_COPIED';
  readonly message: string;
}
