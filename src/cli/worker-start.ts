/**
 * The run's worker (worker-run.ts) as the entry point starts it: before the rest of the CLI
 * loads, so that both threads load it at once, instead of one after the other. It imports
 * nothing of the project. The worker waits for its command (the first message) and does
 * nothing until main() hands it one; an unused one does not keep the process alive.
 */
import { once } from 'node:events';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const ROLE = 'entropy-migrate:run';

interface RunData {
  readonly role: typeof ROLE;
}

/** The worker's first message: what to run, and the gate it shares with the main thread. */
export interface RunStart {
  readonly argv: readonly string[];
  readonly state: SharedArrayBuffer;
}

/** A run's worker, started and waiting for its command. */
export interface RunWorker {
  readonly worker: Worker;
  /** The budget its heap was sized for. */
  readonly megabytes: number;
}

/** Hands out a worker started early, once. */
export interface StartedWorker {
  take(): RunWorker | null;
}

/**
 * The young generation of a thread's heap, in MiB. V8 grows it to 32 MiB or more in a thread
 * that allocates as the HDF5 move does, and keeps it: 50 MB of the process's resident memory
 * at 250 MB, with no time saved (whole project: 7.5-8.2 s with 8 MiB, 7.9-9.5 s without, RSS
 * 200-210 MB against 240-257 MB). Large values live outside it.
 */
export const YOUNG_GENERATION_MB = 8;

/** Starts a worker from `entry` (unreferenced until it is given a run) that waits for its command. */
export function startRunWorker(entry: URL, megabytes: number): RunWorker {
  const data: RunData = { role: ROLE };
  const worker = new Worker(entry, {
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: megabytes, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    // The worker prints through messages; a stray console.log still reaches the terminal.
    stdout: false,
    stderr: false,
  });
  worker.unref();
  return { worker, megabytes };
}

/** `worker`, handed out once by take(). */
export function startedOnce(worker: RunWorker | null): StartedWorker {
  let left = worker;
  return {
    take() {
      const taken = left;
      left = null;
      return taken;
    },
  };
}

/** In a worker: whether this thread serves a run (then it calls runRequest). */
export function isRunWorker(): boolean {
  return !isMainThread && (workerData as Partial<RunData> | undefined)?.role === ROLE;
}

/** In the worker: the arguments and the shared gate, once the main thread has sent them. */
export async function runRequest(): Promise<{ argv: readonly string[]; state: Int32Array }> {
  const [start] = (await once(parentPort!, 'message')) as [RunStart];
  return { argv: start.argv, state: new Int32Array(start.state) };
}
