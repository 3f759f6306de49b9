/**
 * The thread that reads a database file while the run's worker does other work: what the
 * input held (its rows and foreign-key findings) while the revisions run on the copy, and the
 * result's integrity_check side by side with its foreign key check and row counts
 * (side-checks.ts; two cores, each on its own read-only connection). One of the run's side
 * threads (job-threads.ts), serving jobs of kind 'checks'.
 */
import { resourceLimits } from 'node:worker_threads';
import { inputFacts, type InputFacts, type Row } from '../engine/index.ts';
import type { CheckThread, NativeSqlite, OpenOptions } from '../native/adapter.ts';
import { DEFAULT_MEMORY_LIMIT_MB } from './budget.ts';
import { JOB_KINDS, JobThreadError, startJobThreads, type JobHandler } from './job-threads.ts';

/** One query's rows, or what an input held (inputFacts), on a read-only connection to `path`. */
interface CheckJob {
  readonly path: string;
  readonly ask: { readonly rows: string } | { readonly facts: true };
  readonly options: OpenOptions;
}

/** Starts the thread from `entry` (the CLI's entry module, which serves the job kinds). */
export function startCheckThread(entry: URL): CheckThread {
  const pool = startJobThreads<CheckJob, Row[] | InputFacts>(entry, JOB_KINDS.checks, 1, resourceLimits.maxOldGenerationSizeMb ?? DEFAULT_MEMORY_LIMIT_MB);
  const ask = <T>(job: CheckJob) => {
    const ticket = pool.send(job);
    return (): T => {
      const answer = pool.receive(true);
      if (!answer || answer.ticket !== ticket) throw new JobThreadError('the check thread gave no answer to its query');
      if ('error' in answer) throw answer.error;
      return answer.value as T;
    };
  };
  return {
    query: (path, sql, options = {}) => ask<Row[]>({ path, ask: { rows: sql }, options }),
    facts: (path, options = {}) => ask<InputFacts>({ path, ask: { facts: true }, options }),
    close: () => pool.close(),
  };
}

/** The thread's side: each job on its own read-only connection to the file. */
export function checkJobs(native: NativeSqlite): JobHandler {
  return (job) => {
    const { path, ask, options } = job as CheckJob;
    const db = native.openReadOnly(path, options);
    try {
      return { value: 'rows' in ask ? db.query(ask.rows) : inputFacts(db) };
    } finally {
      db.close();
    }
  };
}
