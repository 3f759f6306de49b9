/**
 * The thread that runs one read-only query on a database file while the run's worker does
 * other work on it: the result's integrity_check, side by side with its foreign key check and
 * row counts (side-checks.ts; two cores, each on its own read-only connection). One of the
 * run's side threads (job-threads.ts), serving jobs of kind 'checks'.
 */
import { resourceLimits } from 'node:worker_threads';
import type { Row } from '../engine/index.ts';
import type { CheckThread, NativeSqlite, OpenOptions } from '../native/adapter.ts';
import { DEFAULT_MEMORY_LIMIT_MB } from './budget.ts';
import { JOB_KINDS, JobThreadError, startJobThreads, type JobHandler } from './job-threads.ts';

interface CheckJob {
  readonly path: string;
  readonly sql: string;
  readonly options: OpenOptions;
}

/** Starts the thread from `entry` (the CLI's entry module, which serves the job kinds). */
export function startCheckThread(entry: URL): CheckThread {
  const pool = startJobThreads<CheckJob, Row[]>(entry, JOB_KINDS.checks, 1, resourceLimits.maxOldGenerationSizeMb ?? DEFAULT_MEMORY_LIMIT_MB);
  return {
    query(path, sql, options = {}) {
      const ticket = pool.send({ path, sql, options });
      return () => {
        const answer = pool.receive(true);
        if (!answer || answer.ticket !== ticket) throw new JobThreadError('the check thread gave no answer to its query');
        if ('error' in answer) throw answer.error;
        return answer.value;
      };
    },
    close: () => pool.close(),
  };
}

/** The thread's side: each query on its own read-only connection to the file. */
export function checkJobs(native: NativeSqlite): JobHandler {
  return (job) => {
    const { path, sql, options } = job as CheckJob;
    const db = native.openReadOnly(path, options);
    try {
      return { value: db.query(sql) };
    } finally {
      db.close();
    }
  };
}
