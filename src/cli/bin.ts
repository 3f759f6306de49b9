/**
 * The process entry point for Entropy: the bundle scripts/build-cli.mjs makes starts here.
 * The same module is the worker that runs a database command (worker-run.ts): started again
 * as a worker, it serves that run instead of reading the command line.
 */
import { entropy } from '../../migrations/index.ts';
import { main } from './main.ts';
import { runRequest, serveRun } from './worker-run.ts';

const request = runRequest();
if (request) await serveRun(request, (argv, io, gate) => main(argv, entropy, io, undefined, { gate }));
else process.exitCode = await main(process.argv.slice(2), entropy, undefined, undefined, { worker: new URL(import.meta.url), progress: process.stderr.isTTY === true });
