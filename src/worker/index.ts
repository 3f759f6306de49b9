/**
 * The worker's entry, and the one place in the worker that names the project it upgrades:
 * Entropy, with its sample (a database as Entropy 0.2.0 wrote it, saved_in_hdf5 just added,
 * with a few experiments).
 */
import * as Comlink from 'comlink';
import { entropy } from '../../migrations/index.ts';
import { buildEntropyDb } from '../builders/entropy-db.ts';
import { workerApi } from './api.ts';

const SAMPLE = { name: 'sample-entropy.db', at: '04ae19b32c08', experiments: 4, rowsPerExperiment: 3, seed: 7 } as const;

Comlink.expose(workerApi(entropy, { name: SAMPLE.name, build: (opener) => buildEntropyDb(opener, SAMPLE) }));
