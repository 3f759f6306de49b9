/**
 * The CLI's job threads (job-threads.ts), as the run's worker starts them: the bundled entry
 * point started again as threads that write HDF5 experiment files. Their answers equal the
 * run's own thread's; a failure comes back as the same typed error; the caller's side waits
 * only when asked to, and never for a thread it has closed.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadHdf5, type ExperimentJob, type ExperimentWritten } from '../../migrations/hdf5/index.ts';
import { toWire, writeExperimentFile } from '../../migrations/hdf5/experiment-file.ts';
import type { DecodedRow } from '../../migrations/hdf5/rows.ts';
import { JOB_KINDS, startJobThreads } from '../../src/cli/job-threads.ts';
import { MigrateError, type JobAnswer, type JobPool } from '../../src/engine/index.ts';
import { readBack } from '../hdf5/support.ts';

/** The bundle tests/support/build-cli.ts made, as the installed command runs it. */
const BUNDLE = new URL('../../dist-cli/entropy-migrate.mjs', import.meta.url);
const open: JobPool<ExperimentJob, ExperimentWritten>[] = [];
beforeAll(() => loadHdf5());
afterEach(() => {
  for (const pool of open.splice(0)) pool.close();
});

function threads(size: number): JobPool<ExperimentJob, ExperimentWritten> {
  const pool = startJobThreads<ExperimentJob, ExperimentWritten>(BUNDLE, JOB_KINDS.hdf5Files, size, 256);
  open.push(pool);
  return pool;
}

const time = { year: 2022, month: 3, day: 4, hour: 5, minute: 6, second: 7, microsecond: 0 };
function rowsOf(experiment: string): DecodedRow[] {
  return [
    { entity: 'result', id: `${experiment}1`, experimentId: experiment, stage: '0', label: 'text', story: null, time, storage: { kind: 'text', text: `of ${experiment}` }, originalPickle: () => new Uint8Array() },
    { entity: 'result', id: `${experiment}2`, experimentId: experiment, stage: '1', label: 'array', story: 'a story', time, storage: { kind: 'array', array: { dtype: { kind: 'f', itemsize: 8, order: '<' }, shape: [2], data: new Uint8Array(new Float64Array([1.5, Number(experiment)]).buffer) } }, originalPickle: () => new Uint8Array() },
  ];
}
const jobOf = (id: string, existing: Uint8Array | null = null): ExperimentJob => ({ id, path: `.entropy/hdf5/${id}.hdf5`, existing, rows: rowsOf(id).map(toWire) });
const contents = (bytes: Uint8Array) => [...readBack(bytes)].map(([path, d]) => [path, d.value, d.attrs]);

/** Waits for `n` answers, by ticket. */
function answers(pool: JobPool<ExperimentJob, ExperimentWritten>, n: number): Map<number, JobAnswer<ExperimentWritten>> {
  const got = new Map<number, JobAnswer<ExperimentWritten>>();
  while (got.size < n) {
    const answer = pool.receive(true);
    if (answer) got.set(answer.ticket, answer);
  }
  return got;
}

describe('job threads started from the bundled entry point', () => {
  it('write an experiment\'s file as the run\'s own thread does, side by side', () => {
    const pool = threads(2);
    expect(pool.receive(false)).toBeNull();
    // Each thread holds the job it works on and the next one.
    expect(pool.size).toBe(4);
    const ids = ['7', '8', '9', '10'];
    const tickets = ids.map((id) => pool.send(jobOf(id)));
    expect(pool.outstanding).toBe(4);
    expect(() => pool.send(jobOf('11'))).toThrow(/busy/);
    const got = answers(pool, 4);
    expect(pool.outstanding).toBe(0);
    for (const [ticket, id] of tickets.map((t, i) => [t, ids[i]!] as const)) {
      const answer = got.get(ticket)!;
      if (!('value' in answer)) throw answer.error;
      const here = writeExperimentFile(id, `.entropy/hdf5/${id}.hdf5`, null, rowsOf(id));
      expect(answer.value.readBack).toEqual({ results: 2, metadata: 0 });
      expect(answer.value.storedAsPickle).toBe(0);
      expect(contents(answer.value.bytes)).toEqual(contents(here.bytes));
    }
  });

  it('send back a failure as the typed error the run\'s own thread would throw', () => {
    const pool = threads(1);
    const ticket = pool.send(jobOf('3', new Uint8Array(4096).fill(7)));
    const answer = answers(pool, 1).get(ticket)!;
    expect('error' in answer).toBe(true);
    const error = (answer as { error: MigrateError }).error;
    expect(error).toBeInstanceOf(MigrateError);
    expect(error.code).toBe('CHECK_FAILED');
    expect(error.data.problem).toBe('UNREADABLE_HDF5');
    expect(error.message).toMatch(/^\.entropy\/hdf5\/3\.hdf5 \(experiment 3\) cannot be read as an HDF5 file/);
    // The thread goes on with the next job.
    const next = pool.send(jobOf('4'));
    expect('value' in answers(pool, 1).get(next)!).toBe(true);
  });

  it('once closed, take no job, and a wait for a job handed out before returns at once', () => {
    const pool = threads(1);
    pool.send(jobOf('5'));
    pool.close();
    expect(pool.outstanding).toBe(0);
    expect(pool.receive(true)).toBeNull();
    expect(() => pool.send(jobOf('6'))).toThrow(/closed/);
  });
});
