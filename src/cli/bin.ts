/**
 * The process entry point for Entropy: the bundle scripts/build-cli.mjs makes starts here.
 * The same module is started again as the worker that runs a database command (worker-run.ts)
 * and as that worker's side threads (job-threads.ts): the one that checks its result beside it
 * (check-thread.ts) and those that write the HDF5 move's files; each thread loads only what
 * its role needs.
 *
 * A command that will run in a worker gets it before the CLI loads (a guess from the command
 * line, options.ts; main() decides): the worker then loads the CLI while this thread does,
 * instead of after it. Everything else is imported here lazily, for the same reason.
 */
import { budgetMegabytes } from './budget-size.ts';
import { singleRunLimit } from './options.ts';
import { JOB_KINDS, jobRole, serveJobs, threadsBeside } from './job-threads.ts';
import { isRunWorker, runRequest, startedOnce, startRunWorker } from './worker-start.ts';

const entry = new URL(import.meta.url);
const loadCli = async () => {
  const [{ entropy, entropyWith }, { main }, { serveRun }] = await Promise.all([import('../../migrations/index.ts'), import('./main.ts'), import('./worker-run.ts')]);
  return { entropy, entropyWith, main, serveRun };
};

const jobs = jobRole();
if (jobs) {
  await serveJobs(jobs, async (kind) => {
    if (kind === JOB_KINDS.checks) {
      const [{ checkJobs }, { loadNativeSqlite }] = await Promise.all([import('./check-thread.ts'), import('../native/adapter.ts')]);
      return checkJobs(await loadNativeSqlite());
    }
    if (kind !== JOB_KINDS.hdf5Files) throw new Error(`no jobs of kind "${kind}" here`);
    const { loadHdf5, runExperimentJob } = await import('../../migrations/hdf5/index.ts');
    await loadHdf5();
    return (job) => runExperimentJob(job as Parameters<typeof runExperimentJob>[0]);
  });
} else if (isRunWorker()) {
  const [{ entropyWith, main, serveRun }, request] = await Promise.all([loadCli(), runRequest()]);
  const entropy = entropyWith({ hdf5: { threads: threadsBeside(entry, JOB_KINDS.hdf5Files) } });
  await serveRun(request, (argv, io, gate) => main(argv, entropy, io, undefined, { gate, checkWorker: entry }));
} else {
  const argv = process.argv.slice(2);
  const single = singleRunLimit(argv);
  const megabytes = single && budgetMegabytes(single.memoryLimit);
  const started = startedOnce(megabytes ? startRunWorker(entry, megabytes) : null);
  const { entropy, main } = await loadCli();
  process.exitCode = await main(argv, entropy, undefined, undefined, { worker: entry, started, progress: process.stderr.isTTY === true });
  // Not needed after all (the command line said otherwise): it holds nothing, and goes.
  void started.take()?.worker.terminate();
}
