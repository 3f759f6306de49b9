/**
 * A command that works on a database runs in a worker thread, so that the main thread stays
 * free to answer Ctrl-C and SIGTERM at once, whatever the run is doing (a trigger that loops
 * forever, a 4 GB zeroblob). On a signal the main thread stops the run before it writes (the
 * gate in interrupt.ts settles a stop against a write that has begun: that write finishes),
 * ends the worker, removes what the worker announced it would create (leftovers.ts), says so
 * in one sentence and exits 130 (SIGINT), 143 (SIGTERM) or 129 (SIGHUP).
 *
 * A worker busy in JavaScript or wasm ends at once; one inside native SQLite (better-sqlite3
 * cannot be interrupted) cannot be joined, and Node's exit would wait for it: then the process
 * ends by the signal itself, the default way, which shells report as the same 130 or 143.
 *
 * The worker is the same module the command started from (the bundle, or bin.ts under tsx),
 * started again with `workerData`; its JavaScript heap is bounded by the memory budget. It
 * may be started before the rest of the CLI loads (startRunWorker, from the entry point), so
 * that both threads load it at once; it waits for the command (its first message) and does
 * nothing until main() hands it one.
 */
import { rmSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { MigrateError } from '../engine/index.ts';
import { overBudget, type MemoryBudget } from './budget.ts';
import { sharedGate, stopUnlessWriting } from './interrupt.ts';
import { onTemporaryFile } from './leftovers.ts';
import { startRunWorker, type RunStart, type StartedWorker } from './worker-start.ts';

type Message = { out: string } | { err: string } | { temporary: string } | { done: number };

export const EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
const SIGNALS = Object.keys(EXIT_CODES) as NodeJS.Signals[];
/** How long a worker may take to end before the process ends by the signal instead. */
const TERMINATE_GRACE_MS = 250;

export interface WorkerIo {
  out(line: string): void;
  err(line: string): void;
  /** A refusal the worker could not make itself (stopped, over budget): printed as main() prints errors. */
  fail(error: MigrateError): void;
}

function removeLeftovers(paths: Iterable<string>): void {
  for (const path of paths) {
    for (const name of [path, `${path}-journal`, `${path}-wal`, `${path}-shm`]) {
      try {
        rmSync(name, { recursive: true, force: true });
      } catch {
        // Already gone, or not ours to remove after all: nothing more to do.
      }
    }
  }
}

/**
 * Runs `argv` in a worker: `started` when it was started for this budget (it is taken: a
 * worker serves one run), else a new one from `entry`; resolves with the exit code.
 */
export function runInWorker(entry: URL, argv: readonly string[], io: WorkerIo, budget: MemoryBudget, started: StartedWorker | null = null): Promise<number> {
  const state = new SharedArrayBuffer(4);
  const word = new Int32Array(state);
  let early = started?.take() ?? null;
  if (early && early.megabytes !== budget.megabytes) {
    void early.worker.terminate();
    early = null;
  }
  const { worker } = early ?? startRunWorker(entry, budget.megabytes);
  // Now it holds the process until it answers.
  worker.ref();
  worker.postMessage({ argv, state } satisfies RunStart);
  const leftovers = new Set<string>();
  return new Promise((resolve) => {
    let settled = false;
    let stopping: NodeJS.Signals | null = null;
    let lateSignal: NodeJS.Signals | null = null;
    const finish = (code: number) => {
      if (settled) return;
      settled = true;
      for (const signal of SIGNALS) process.off(signal, onSignal);
      resolve(code);
    };
    const failAndEnd = (error: MigrateError, code: number) => {
      void worker.terminate();
      removeLeftovers(leftovers);
      io.fail(error);
      finish(code);
    };
    function onSignal(signal: NodeJS.Signals): void {
      if (settled || stopping) return;
      if (!stopUnlessWriting(word)) {
        // The result is being put in place: let that finish (it is atomic and quick).
        lateSignal ??= signal;
        return;
      }
      stopping = signal;
      const name = signal === 'SIGINT' ? 'Ctrl-C (SIGINT)' : signal;
      const ended = worker.terminate();
      const stopped = () => {
        removeLeftovers(leftovers);
        io.fail(new MigrateError('CANCELLED', `Stopped by ${name}; nothing was written, and the input is unchanged.`, { signal }));
      };
      const grace = setTimeout(() => {
        // The worker is inside native SQLite and cannot be joined: end the process by the signal.
        stopped();
        settled = true;
        for (const s of SIGNALS) process.removeAllListeners(s);
        process.kill(process.pid, signal);
      }, TERMINATE_GRACE_MS);
      void ended.then(() => {
        if (settled) return;
        clearTimeout(grace);
        stopped();
        finish(EXIT_CODES[signal]!);
      });
    }
    for (const signal of SIGNALS) process.on(signal, onSignal);
    worker.on('message', (message: Message) => {
      if (stopping) return;
      if ('out' in message) io.out(message.out);
      else if ('err' in message) io.err(message.err);
      else if ('temporary' in message) leftovers.add(message.temporary);
      else if ('done' in message) {
        if (lateSignal) io.err(`note: ${lateSignal} came while the result was being written; the write was finished.`);
        finish(message.done);
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (stopping || settled) return;
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') failAndEnd(overBudget(budget, error.message), 2);
      else failAndEnd(Object.assign(new MigrateError('INTERNAL', `Unexpected failure (a bug, not a problem with your file): ${error.message}. Nothing was written.`), { stack: error.stack }), 2);
    });
    worker.on('exit', () => {
      if (!settled && !stopping) failAndEnd(new MigrateError('INTERNAL', 'Unexpected failure (a bug, not a problem with your file): the run ended without an answer. Nothing was written.'), 2);
    });
  });
}

/** In the worker: runs the command with `main`, printing and announcing through messages. */
export async function serveRun(
  request: { argv: readonly string[]; state: Int32Array },
  main: (argv: readonly string[], io: { out(line: string): void; err(line: string): void }, gate: ReturnType<typeof sharedGate>) => Promise<number>,
): Promise<void> {
  const port = parentPort!;
  const post = (message: Message) => port.postMessage(message);
  onTemporaryFile((path) => post({ temporary: path }));
  const code = await main(request.argv, { out: (line) => post({ out: line }), err: (line) => post({ err: line }) }, sharedGate(request.state));
  post({ done: code });
}

