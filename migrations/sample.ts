/**
 * Entropy's sample, for people on the page without a file at hand: a database as Entropy
 * 0.2.0 to 0.5.0 wrote it (saved_in_hdf5 just added), with a few experiments. Built in the
 * worker by the project's own builder, the same the tests use.
 */
import type { DbOpener } from '../src/engine/index.ts';
import { buildEntropyDb } from './builders/entropy-db.ts';

const AT = '04ae19b32c08';

export const entropySample = {
  name: 'sample-entropy.db',
  at: AT,
  build: (opener: DbOpener): Uint8Array => buildEntropyDb(opener, { at: AT, experiments: 4, rowsPerExperiment: 3, seed: 7 }),
};
