/**
 * The run's worker's side threads, as the engine's JobPool: the worker hands jobs of one kind
 * (the HDF5 move's experiment files; the check thread's reads, check-thread.ts) to threads
 * beside it and takes their answers synchronously, since the engine's work is synchronous (the
 * page runs the same code): each thread posts its answer on its own MessagePort, then counts
 * it in shared memory and wakes the caller, which reads answers with receiveMessageOnPort and
 * waits in slices, so that a worker it runs in can still be ended at once (Ctrl-C). Threads
 * started by the run's worker end with it.
 *
 * A thread is the CLI's entry module started again with a role in workerData (bin.ts serves
 * it); it writes nothing to disk: what it makes comes back to the caller, which stages it.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, resourceLimits, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { asMigrateError, errorFromInfo, MigrateError, type ErrorInfo, type JobAnswer, type JobPool } from '../engine/index.ts';
import { DEFAULT_MEMORY_LIMIT_MB } from './budget.ts';

const ROLE = 'entropy-migrate:jobs';
/** The kinds of job the entry point's threads serve (bin.ts). */
export const JOB_KINDS = { hdf5Files: 'hdf5-files', checks: 'checks' } as const;
const WAIT_SLICE_MS = 50;
/**
 * Jobs a thread holds at once: the one it works on and the next, so that it never waits for
 * the caller, who takes answers only between jobs of its own (a whole project at 250 MB on two
 * cores, side by side: 6.3-6.7 s with two, 6.9-8.2 s with one, 7.3-11 s without threads).
 */
const QUEUED_PER_THREAD = 2;
/**
 * A job thread's young generation, in MiB: smaller than the run's worker's (worker-start.ts),
 * as what it allocates lives for one job; 5 to 10 MB less resident memory at 250 MB (peak
 * 218-219 MB against 223-230 MB with 8), no slower.
 */
const JOB_YOUNG_GENERATION_MB = 2;
/** Slot 0 counts answers; slot 1 + i is 1 once thread i has ended. */
const ANSWERS = 0;

interface JobsData {
  readonly role: typeof ROLE;
  readonly kind: string;
  readonly index: number;
  readonly port: MessagePort;
  readonly flags: SharedArrayBuffer;
}

/**
 * A failure as it crosses threads: ours with its class and data; a plain Error (how SQLite's
 * own failures reach the engine, see the adapter) as one, with the system's code; anything
 * else (a TypeError, ...) as a bug of the thread's, never blamed on the user's file.
 */
type Failure =
  | { readonly ours: ErrorInfo }
  | { readonly plain: { readonly message: string; readonly code?: string; readonly syscall?: string } }
  | { readonly bug: { readonly name: string; readonly message: string } };
type Reply = { readonly ticket: number; readonly value: unknown } | { readonly ticket: number; readonly failure: Failure };

/** A side thread failed as a thread (not the work it was given): a bug, never the user's file. */
export class JobThreadError extends Error {
  override name = 'JobThreadError';
}

function failureOf(error: unknown): Failure {
  if (error instanceof MigrateError) return { ours: error.toInfo() };
  const migrate = asMigrateError(error);
  // A failed allocation keeps its meaning (OUT_OF_MEMORY).
  if (migrate.code === 'OUT_OF_MEMORY') return { ours: migrate.toInfo() };
  if (error instanceof Error && error.constructor === Error) {
    const { code, syscall } = error as { code?: unknown; syscall?: unknown };
    return { plain: { message: error.message, ...(typeof code === 'string' ? { code } : {}), ...(typeof syscall === 'string' ? { syscall } : {}) } };
  }
  return { bug: { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) } };
}

function rebuilt(failure: Failure): Error {
  if ('ours' in failure) return errorFromInfo(failure.ours);
  if ('plain' in failure) return Object.assign(new Error(failure.plain.message), failure.plain);
  return new JobThreadError(`a side thread failed: ${failure.bug.name}: ${failure.bug.message}`);
}

/** The thread's side of a job: its value, and the buffers to move back instead of copying. */
export type JobHandler = (job: unknown) => { value: unknown; transfer?: readonly ArrayBuffer[] };

/**
 * Starts `size` threads from `entry` (a module that calls serveJobs when jobRole() says so)
 * for jobs of `kind`, each with a heap of at most `megabytes`.
 */
export function startJobThreads<J, R>(entry: URL, kind: string, size: number, megabytes: number): JobPool<J, R> {
  const flags = new Int32Array(new SharedArrayBuffer(4 * (1 + size)));
  const threads = Array.from({ length: size }, (_, index) => {
    const { port1, port2 } = new MessageChannel();
    const data: JobsData = { role: ROLE, kind, index, port: port2, flags: flags.buffer as SharedArrayBuffer };
    const worker = new Worker(entry, {
      workerData: data,
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: megabytes, maxYoungGenerationSizeMb: JOB_YOUNG_GENERATION_MB },
      stdout: false,
      stderr: false,
    });
    // Answers and ends come through the port and the flags, not through events.
    worker.unref();
    worker.on('error', () => undefined);
    return { worker, port: port1, queued: 0 };
  });
  let tickets = 0;
  let closed = false;
  const outstanding = () => threads.reduce((sum, t) => sum + t.queued, 0);
  const take = (): JobAnswer<R> | null => {
    for (const thread of threads) {
      if (thread.queued === 0) continue;
      const got = receiveMessageOnPort(thread.port);
      if (!got) continue;
      thread.queued--;
      const reply = got.message as Reply;
      return 'failure' in reply ? { ticket: reply.ticket, error: rebuilt(reply.failure) } : { ticket: reply.ticket, value: reply.value as R };
    }
    return null;
  };
  return {
    size: size * QUEUED_PER_THREAD,
    get outstanding() {
      return outstanding();
    },
    send(job, transfer = []) {
      if (closed) throw new JobThreadError('the job threads were closed');
      const thread = threads.reduce((least, t) => (t.queued < least.queued ? t : least));
      if (thread.queued >= QUEUED_PER_THREAD) throw new JobThreadError('every job thread is busy');
      const ticket = ++tickets;
      thread.queued++;
      thread.port.postMessage({ ticket, job }, [...transfer]);
      return ticket;
    },
    receive(wait) {
      for (;;) {
        // Read before looking: an answer that comes after the look changes it, and the wait returns at once.
        const seen = Atomics.load(flags, ANSWERS);
        const answer = take();
        if (answer || !wait || outstanding() === 0) return answer;
        const ended = threads.findIndex((t, i) => t.queued > 0 && Atomics.load(flags, 1 + i) === 1);
        if (ended >= 0) throw new JobThreadError(`job thread ${ended} ended without an answer`);
        Atomics.wait(flags, ANSWERS, seen, WAIT_SLICE_MS);
      }
    },
    close() {
      if (closed) return;
      closed = true;
      for (const thread of threads) {
        // Its answer, if one still comes, is nobody's: nothing is outstanding any more.
        thread.queued = 0;
        thread.port.close();
        void thread.worker.terminate();
      }
    },
  };
}

/** In a thread startJobThreads started: its data; null in any other thread. */
export function jobRole(): JobsData | null {
  const data = workerData as Partial<JobsData> | undefined;
  return data?.role === ROLE ? (data as JobsData) : null;
}

/**
 * The thread's side: runs each job with the handler `load` gives for its kind, and answers.
 * Its end, however it comes, is marked, so that a caller waiting for its answer stops waiting.
 */
export async function serveJobs(data: JobsData, load: (kind: string) => Promise<JobHandler>): Promise<void> {
  const flags = new Int32Array(data.flags);
  process.on('exit', () => {
    Atomics.store(flags, 1 + data.index, 1);
    Atomics.notify(flags, ANSWERS);
  });
  const handler = await load(data.kind);
  data.port.on('message', ({ ticket, job }: { ticket: number; job: unknown }) => {
    try {
      const { value, transfer = [] } = handler(job);
      data.port.postMessage({ ticket, value } satisfies Reply, [...transfer]);
    } catch (error) {
      data.port.postMessage({ ticket, failure: failureOf(error) } satisfies Reply);
    }
    Atomics.add(flags, ANSWERS, 1);
    Atomics.notify(flags, ANSWERS);
  });
}

/**
 * Threads for `kind` beside the run's own, one per further core, and no more than the jobs
 * less one (the run's thread takes jobs too); none on one core. Each gets this worker's heap
 * limit (the default budget's in the main thread).
 */
export function threadsBeside<J, R>(entry: URL, kind: string): (jobs: number) => JobPool<J, R> | null {
  return (jobs) => {
    const size = Math.min(availableParallelism() - 1, jobs - 1);
    if (size < 1) return null;
    return startJobThreads<J, R>(entry, kind, size, resourceLimits.maxOldGenerationSizeMb ?? DEFAULT_MEMORY_LIMIT_MB);
  };
}
