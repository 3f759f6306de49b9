/**
 * One experiment's part of the move: its rows written into its HDF5 file (a new one, or the
 * one it has), then read back from the very bytes that will be staged. The same work runs in
 * the run's own thread or, as a job, in a thread of a pool (experiment-writers.ts); a job's
 * rows cross threads as WireRows, the structured-clone form of DecodedRow.
 */
import { heldAsOriginalPickle } from './dataset-writer.ts';
import { editHdf5 } from './h5.ts';
import { describeHdf5Failure } from './hdf5-failure.ts';
import type { IdText } from './ids.ts';
import { systemUtcOffset, writeRow, type UtcOffset } from './layout.ts';
import { readBackRows, type RowsReadBack } from './rows-read-back.ts';
import type { DecodedRow } from './rows.ts';

export interface ExperimentWritten {
  /** The file's new bytes, read back and found to hold every row. */
  readonly bytes: Uint8Array;
  /** Rows held as a pickle Entropy unpickles. */
  readonly storedAsPickle: number;
  readonly readBack: RowsReadBack;
}

/**
 * Writes `rows` into `existing` (null: a new file) and reads them back. Any failure is thrown
 * as the move names it: HDF5's own words become one sentence naming `path` and the experiment.
 * `expectedBytes`, about what the rows add to the file, is made room for at once (editHdf5).
 */
export function writeExperimentFile(
  id: IdText,
  path: string,
  existing: Uint8Array | null,
  rows: readonly DecodedRow[],
  expectedBytes = 0,
  offset: UtcOffset = systemUtcOffset,
  write: typeof writeRow = writeRow,
): ExperimentWritten {
  try {
    let storedAsPickle = 0;
    const bytes = editHdf5(existing, (file) => {
      for (const row of rows) if (write(file, row, offset).as === 'pickle') storedAsPickle++;
    }, expectedBytes);
    return { bytes, storedAsPickle, readBack: readBackRows(bytes, path, rows) };
  } catch (e) {
    throw describeHdf5Failure(e, path, ` (experiment ${id})`);
  }
}

/** A DecodedRow as it crosses to another thread: its fallback pickle made, where it may be needed. */
export type WireRow = Omit<DecodedRow, 'originalPickle'> & { readonly originalPickle: Uint8Array | null };

export function toWire(row: DecodedRow): WireRow {
  // Only a value held as its own pickle needs it (an array h5py refuses is pickled from itself).
  return { ...row, originalPickle: heldAsOriginalPickle(row.storage) ? row.originalPickle() : null };
}

export function fromWire(row: WireRow): DecodedRow {
  const pickle = row.originalPickle;
  return {
    ...row,
    originalPickle: () => {
      if (pickle === null) throw new Error(`the pickle of row ${row.id} was not sent with it`);
      return pickle;
    },
  };
}

/** One experiment's file, as a pool's thread is handed it. */
export interface ExperimentJob {
  readonly id: IdText;
  readonly path: string;
  readonly existing: Uint8Array | null;
  readonly rows: readonly WireRow[];
  /** About what the rows add to the file (see writeExperimentFile). */
  readonly expectedBytes?: number;
}

/** Runs `job` in a pool's thread (after `await loadHdf5()`); the bytes go back without a copy. */
export function runExperimentJob(job: ExperimentJob): { value: ExperimentWritten; transfer: ArrayBuffer[] } {
  const written = writeExperimentFile(job.id, job.path, job.existing, job.rows.map(fromWire), job.expectedBytes);
  return { value: written, transfer: [written.bytes.buffer as ArrayBuffer] };
}
