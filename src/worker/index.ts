/**
 * The worker's entry, and the one place in the worker that names the project it upgrades:
 * Entropy, with its sample (migrations/sample.ts).
 */
import * as Comlink from 'comlink';
import { entropy } from '../../migrations/index.ts';
import { entropySample } from '../../migrations/sample.ts';
import { workerApi } from './api.ts';

Comlink.expose(workerApi(entropy, entropySample));
