/**
 * Entropy's HDF5 results: the part of `entropy upgrade` that runs after the Alembic chain.
 * `await loadHdf5()` once, then the synchronous planHdf5Move / moveRowsToHdf5 over a Db and the
 * staged project files.
 */
export { loadHdf5 } from './h5.ts';
export { planHdf5Move, moveRowsToHdf5 } from './move.ts';
export { checkKeptRows } from './kept-check.ts';
export type { Hdf5MovePlan, Hdf5MoveReport, MoveOptions } from './move-plan.ts';
export type { Hdf5Warning } from './errors.ts';
export { Hdf5MoveError, type Hdf5Problem } from './errors.ts';
export { experimentFile, GLOBAL_HDF5, GLOBAL_HDF5_BAK, HDF5_DIR, type UtcOffset } from './layout.ts';
export { runExperimentJob, type ExperimentJob, type ExperimentWritten } from './experiment-file.ts';
