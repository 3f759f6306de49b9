/** What the fuzz harness and its case worker say to each other. */
export interface CaseRequest {
  readonly seed: number;
  /** Test of the harness itself: block the thread this long before the case. */
  readonly stallMs?: number;
}

export type Outcome =
  /** A MigrateError with a code and a one-line sentence. */
  | 'refused'
  /** Migrated, and the result passes integrity_check. */
  | 'migrated'
  /** Anything thrown that is not a MigrateError, or a MigrateError without a proper sentence. */
  | 'untyped'
  /** Migrated, but the result fails integrity_check (or cannot be opened). */
  | 'bad-output'
  /** Did not end within the time limit; the thread was terminated. */
  | 'timeout'
  /** The thread died (a wasm abort, an uncaught error). */
  | 'crashed';

export interface CaseResult {
  readonly seed: number;
  readonly kind?: string;
  readonly description?: string;
  readonly direction?: string;
  readonly outcome: Outcome;
  readonly code?: string;
  readonly message?: string;
  readonly ms: number;
  /** process.memoryUsage().arrayBuffers after the case (the whole process: every thread). */
  readonly arrayBuffers?: number;
}

export const FAILURES: readonly Outcome[] = ['untyped', 'bad-output', 'timeout', 'crashed'];
