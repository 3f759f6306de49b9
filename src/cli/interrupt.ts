/**
 * Ctrl-C (and a polite kill) while a command works on a database, as seen by the command
 * itself: a gate it passes once its checks are done and before it puts anything in place.
 * A stop that came before the gate means CancelledError (nothing written); once past it, the
 * write finishes (it is atomic and quick) and the stop is moot.
 *
 * Two gates: the worker's (worker-run.ts stops the worker itself; the gate only settles who
 * came first, the stop or the write, through a shared word), and the in-process one, for
 * main() called without a worker (tests), which can only ask after the synchronous run returns.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CancelledError } from '../engine/index.ts';

export interface StopGate {
  /** Just before the first write: throws CancelledError if the run was stopped. */
  enterWrite(): Promise<void>;
  /** Ends the watch. */
  close(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** The in-process gate: signals are seen only when the run gives the event loop back. */
export function watchInterrupts(): StopGate {
  let received: string | null = null;
  const onSignal = (signal: string) => {
    received ??= signal;
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return {
    async enterWrite() {
      // Signal handlers run from the event loop, which a synchronous run kept busy; a signal
      // that came during the run is dispatched on the loop's second turn, not its first.
      for (let turn = 0; turn < 3; turn++) await nextTurn();
      if (received) throw new CancelledError();
    },
    close() {
      for (const signal of SIGNALS) process.off(signal, onSignal);
    },
  };
}

/** The shared word's states: the run works, writes (no stop now), or was stopped (no write now). */
export const RUNNING = 0;
export const WRITING = 1;
export const STOPPED = 2;

/** The worker's gate on the word the main thread shares with it. */
export function sharedGate(state: Int32Array): StopGate {
  return {
    async enterWrite() {
      const was = Atomics.compareExchange(state, 0, RUNNING, WRITING);
      if (was === STOPPED) throw new CancelledError();
    },
    close() {},
  };
}

/** The main thread's side: true when the run is stopped (and will never write), false when it is writing already. */
export function stopUnlessWriting(state: Int32Array): boolean {
  return Atomics.compareExchange(state, 0, RUNNING, STOPPED) !== WRITING;
}
