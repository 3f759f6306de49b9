import { MigrateError } from '../../src/engine/index.ts';

export type Hdf5Problem =
  | 'DUPLICATE_LABEL'
  | 'UNREADABLE_ROW'
  | 'UNSUPPORTED_VALUE'
  | 'BAD_GLOBAL_FILE'
  | 'UNREADABLE_HDF5';

/** Why the HDF5 part of an upgrade cannot be done as Entropy would; nothing has been written. */
export class Hdf5MoveError extends MigrateError {
  constructor(
    readonly problem: Hdf5Problem,
    message: string,
    data: Readonly<Record<string, unknown>> = {},
  ) {
    super('CHECK_FAILED', message, { problem, ...data });
    this.name = 'Hdf5MoveError';
  }
}
