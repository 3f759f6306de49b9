/**
 * Test only: the page's worker handed Entropy's chain with a branch (two heads, as before
 * `migration:merge` joins a second line of development), instead of Entropy's own. Only the
 * test build (vite.config.ts beside this file) uses it; the page and the worker code are the
 * production ones.
 */
import * as Comlink from 'comlink';
import { migrations } from '../../../migrations/index.ts';
import { workerApi } from '../../../src/worker/api.ts';
import { branched, branchRevision } from '../../bad-input/injected-chain.ts';

Comlink.expose(workerApi(branched(migrations, branchRevision).project, null));
