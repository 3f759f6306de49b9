/**
 * Ctrl-C (and a polite kill) while a command works on a database. sql.js runs the migration
 * synchronously, so Node only sees the signal when the run returns; the command then asks
 * here, before it writes anything, and stops with a sentence instead of dying mid-way.
 * Once writing has begun the write finishes (it is atomic and quick), and the signal is moot.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CancelledError } from '../engine/index.ts';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface InterruptWatch {
  /** Lets pending signals in, and throws CancelledError if one came. */
  checkpoint(): Promise<void>;
  stop(): void;
}

export function watchInterrupts(): InterruptWatch {
  let received: string | null = null;
  const onSignal = (signal: string) => {
    received ??= signal;
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return {
    async checkpoint() {
      // Signal handlers run from the event loop, which a synchronous run kept busy; a signal
      // that came during the run is dispatched on the loop's second turn, not its first.
      for (let turn = 0; turn < 3; turn++) await nextTurn();
      if (received) throw new CancelledError();
    },
    stop() {
      for (const signal of SIGNALS) process.off(signal, onSignal);
    },
  };
}
