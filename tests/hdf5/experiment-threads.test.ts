/**
 * The HDF5 move with a pool of threads (experiment-writers.ts): whatever the pool answers
 * first, the files staged, their order, the rows flagged and the failure reported are those
 * of the one-by-one move. The pool here runs each job in this thread when it is asked for an
 * answer, in an order the test chooses, after a structured clone as a thread's port would
 * make; the CLI's real threads are tested in tests/cli/job-threads.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { moveRowsToHdf5, runExperimentJob, type ExperimentJob, type ExperimentWritten } from '../../migrations/hdf5/index.ts';
import { insertRows, type RowSpec } from '../../migrations/builders/hdf5-files.ts';
import { npyOf, pickled } from '../../migrations/builders/python-values.ts';
import { asMigrateError, MigrateError, type JobAnswer, type JobPool } from '../../src/engine/index.ts';
import { headDb, readBack, staged } from './support.ts';

/**
 * A pool of `size` that answers the outstanding job `pick` chooses (by default the newest
 * first); the experiments in `failing` fail there, as a thread's HDF5 failure would come back.
 */
function scriptedPool(size: number, pick: (tickets: number[]) => number = (t) => Math.max(...t), failing: readonly string[] = []) {
  const out = new Map<number, ExperimentJob>();
  const log = { sent: [] as string[], closed: false };
  let tickets = 0;
  const pool: JobPool<ExperimentJob, ExperimentWritten> = {
    size,
    get outstanding() {
      return out.size;
    },
    send(job) {
      if (out.size >= size) throw new Error('every thread is busy');
      out.set(++tickets, structuredClone(job));
      log.sent.push(job.id);
      return tickets;
    },
    receive(wait): JobAnswer<ExperimentWritten> | null {
      if (!wait || out.size === 0) return null;
      const ticket = pick([...out.keys()]);
      const job = out.get(ticket)!;
      out.delete(ticket);
      try {
        if (failing.includes(job.id)) throw new MigrateError('CHECK_FAILED', `experiment ${job.id} failed in its thread`);
        return { ticket, value: structuredClone(runExperimentJob(job).value) };
      } catch (error) {
        return { ticket, error: asMigrateError(error) };
      }
    },
    close() {
      log.closed = true;
    },
  };
  return { pool, log };
}

const rowsOf = (experiments: number[]): RowSpec[] =>
  experiments.flatMap((experimentId) => [
    { experimentId, stage: 0, label: `value of ${experimentId}`, ...pickled(experimentId * 10) },
    { experimentId, stage: 1, label: 'trace', ...npyOf(new Float64Array([experimentId, 2, 3]), [3]) },
    { experimentId, stage: 1, label: 'trace', entity: 'metadata', ...pickled('calibrated') },
  ]);

/** What a staged project holds: each file's datasets (values and attributes), in staging order. */
function contentsOf(files: ReturnType<typeof staged>) {
  return files.changes().map((c) => [c.path, [...readBack(files.read(c.path)!)].map(([path, d]) => [path, d.value, d.attrs])]);
}

function move(pool: JobPool<ExperimentJob, ExperimentWritten> | null, existing: Record<string, Uint8Array> = {}) {
  const db = headDb();
  insertRows(db, rowsOf([1, 2, 3, 4]));
  const files = staged(existing);
  try {
    const report = moveRowsToHdf5(db, files, pool ? { threads: (jobs) => (expect(jobs).toBe(4), pool) } : {});
    const flagged = db.query('SELECT count(*) AS n FROM Results WHERE saved_in_hdf5 = 1')[0]!.n;
    return { report, files, flagged };
  } finally {
    db.close();
  }
}

describe('the HDF5 move on a pool of threads', () => {
  it('stages the same files with the same report as one by one, however the threads answer', () => {
    const alone = move(null);
    for (const pick of [(t: number[]) => Math.max(...t), (t: number[]) => Math.min(...t)]) {
      const { pool, log } = scriptedPool(2, pick);
      const pooled = move(pool);
      expect(contentsOf(pooled.files)).toEqual(contentsOf(alone.files));
      expect(pooled.report).toEqual(alone.report);
      expect(pooled.flagged).toBe(8);
      // The pool took some experiments and this thread the others; the pool was ended.
      expect(log.sent.length).toBeGreaterThan(0);
      expect(log.sent.length).toBeLessThan(4);
      expect(log.closed).toBe(true);
    }
  });

  it('reports the first experiment that fails, as one by one, though a later one failed first', () => {
    // Threads take experiments 1 to 3, newest answered first: 3's failure comes back before 2's.
    const { pool, log } = scriptedPool(3, undefined, ['2', '3']);
    expect(() => move(pool)).toThrow('experiment 2 failed in its thread');
    expect(log.sent).toEqual(['1', '2', '3']);
    expect(log.closed).toBe(true);
  });

  it('a job that cannot even be handed out fails in its turn, not as a job never answered', () => {
    const { pool, log } = scriptedPool(3);
    const send = pool.send.bind(pool);
    pool.send = (job) => {
      if (job.id === '2') throw new Error('the thread is gone');
      return send(job);
    };
    expect(() => move(pool)).toThrow('the thread is gone');
    expect(log.sent).toEqual(['1']);
    expect(log.closed).toBe(true);
  });

  it('a failure found before an experiment is written waits for the experiments handed out before it', () => {
    const garbage = new Uint8Array(4096).fill(7);
    // Experiment 3's file is checked (and refused) after 1 and 2 went to the threads; 1 fails there.
    const { pool, log } = scriptedPool(3, undefined, ['1']);
    expect(() => move(pool, { '.entropy/hdf5/3.hdf5': garbage })).toThrow('experiment 1 failed in its thread');
    expect(log.sent).toEqual(['1', '2']);
    const alone = scriptedPool(3);
    expect(() => move(alone.pool, { '.entropy/hdf5/3.hdf5': garbage })).toThrow(/^\.entropy\/hdf5\/3\.hdf5 cannot be read as an HDF5 file/);
    expect(alone.log.closed).toBe(true);
  });
});
