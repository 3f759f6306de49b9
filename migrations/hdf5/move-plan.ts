/**
 * What the HDF5 part of an upgrade plans and reports, whichever way it goes (rows moved out of
 * SQLite, move.ts; the old global file split, split.ts), and the options tests hand it.
 */
import type { JobPoolOpener } from '../../src/engine/index.ts';
import type { Hdf5Warning } from './errors.ts';
import type { ExperimentJob, ExperimentWritten } from './experiment-file.ts';
import type { copyObject } from './h5-copy.ts';
import type { IdText } from './ids.ts';
import type { UtcOffset, writeRow } from './layout.ts';

export interface Hdf5MovePlan {
  /** 'rows': saved_in_hdf5 = 0 rows move; 'split': the global file is split; 'nothing'. */
  readonly mode: 'rows' | 'split' | 'nothing';
  readonly results: number;
  readonly metadata: number;
  /** Experiments whose `.entropy/hdf5/<id>.hdf5` is written or extended, as exact decimal text (ids.ts). */
  readonly experimentIds: readonly IdText[];
  readonly files: readonly string[];
  /** Set when the global file is split: the path it is renamed to. */
  readonly globalFileBackup: string | null;
  readonly warnings: readonly Hdf5Warning[];
}

export interface Hdf5MoveReport extends Hdf5MovePlan {
  /** Rows whose value is held as a pickle Entropy unpickles (h5wasm lacks h5py's HDF5 type for it). */
  readonly storedAsPickle: number;
  /**
   * Results and metadata read back from the files as written, through this folder's readers,
   * and found equal to their source (the decoded rows; the old global file's datasets).
   */
  readonly readBack: { readonly results: number; readonly metadata: number };
}

export interface MoveOptions {
  /** The local time zone Entropy's `astimezone()` would use; the system's by default. */
  readonly utcOffset?: UtcOffset;
  /** Writes one row (layout.ts's writeRow). Tests hand in a writer that corrupts, to see the read-back refuse the run. */
  readonly writeRow?: typeof writeRow;
  /** Copies one object of the old global file (h5-copy.ts's copyObject); the same, for the split. */
  readonly copyObject?: typeof copyObject;
  /**
   * Threads that write experiments' files beside the run's own (the CLI's pool), opened for
   * that many experiments; without it, or when it gives null, each file is written here.
   */
  readonly threads?: JobPoolOpener<ExperimentJob, ExperimentWritten>;
}
