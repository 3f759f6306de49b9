/**
 * Threads beside the calling one for work that splits into independent jobs (the HDF5 move:
 * one experiment's file per job). The engine and the migrations run synchronously (the page
 * runs the same code), so the caller hands jobs out and takes the answers synchronously. A
 * pool is what a host offers (the CLI: worker threads); work given none runs in its own thread.
 */
import type { MigrateError } from './errors.ts';

/** A job's answer: what it returned, or the error it threw (a MigrateError, or a plain Error with the same message). */
export type JobAnswer<R> = { readonly ticket: number; readonly value: R } | { readonly ticket: number; readonly error: MigrateError | Error };

export interface JobPool<J, R> {
  /** How many jobs it holds at once: a few per thread, each thread working on one at a time. */
  readonly size: number;
  /** Jobs handed out and not yet answered. */
  readonly outstanding: number;
  /**
   * Hands `job` to the least busy thread (there must be room: fewer than `size` outstanding); returns
   * its ticket. The buffers in `transfer` move to the thread and are unusable here.
   */
  send(job: J, transfer?: readonly ArrayBuffer[]): number;
  /** The next answer of an outstanding job: waits for one when `wait`, else null when none has come. */
  receive(wait: boolean): JobAnswer<R> | null;
  /** Ends the threads at once, whatever they are doing; their jobs are answered no more. */
  close(): void;
}

/** Opens a pool for work of `jobs` jobs, or gives null when threads would not help (too few jobs, one core). */
export type JobPoolOpener<J, R> = (jobs: number) => JobPool<J, R> | null;
