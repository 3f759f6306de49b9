/**
 * A second thread that runs one read-only query on a database file while the calling thread
 * does other work on it: the CLI's integrity_check of a result, side by side with its foreign
 * key check and row counts (two cores, each on its own read-only connection).
 *
 * The engine's checks are synchronous (the page runs the same code), so the caller waits for
 * the answer without returning to its event loop: the thread posts its reply on a
 * MessagePort, raises a flag in shared memory and wakes the caller, which reads the reply
 * with receiveMessageOnPort. The caller waits in slices, so that a worker it runs in can
 * still be ended at once (Ctrl-C) while it waits.
 *
 * The thread is the CLI's own entry module started again (as the run's worker is, see
 * src/cli/worker-run.ts) with a role in workerData: startCheckThread's `entry`.
 */
import { MessageChannel, receiveMessageOnPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import type { Row } from '../engine/index.ts';
import type { NativeSqlite, OpenOptions } from './adapter.ts';

const ROLE = 'entropy-migrate:check';
/** How long one wait lasts before the caller looks again (and can be ended). */
const WAIT_SLICE_MS = 50;
const WAITING = 0;
const ANSWERED = 1;
const ENDED = 2;

interface CheckData {
  readonly role: typeof ROLE;
  readonly port: MessagePort;
  readonly flag: SharedArrayBuffer;
}

interface Request {
  readonly path: string;
  readonly sql: string;
  readonly options: OpenOptions;
}

/** An error as it crosses threads: enough to rebuild what the engine tells apart. */
interface ErrorInfo {
  readonly plain: boolean;
  readonly message: string;
  readonly code?: string;
  readonly syscall?: string;
}

type Reply = { readonly rows: Row[] } | { readonly error: ErrorInfo };

/** The check thread failed as a thread (not SQLite on the file): a bug, never the user's file. */
export class CheckThreadError extends Error {
  override name = 'CheckThreadError';
}

function errorInfo(error: unknown): ErrorInfo {
  const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown };
  return {
    // SQLite's own failures reach the engine as plain Errors (see the adapter); it tells them from bugs by that.
    plain: error instanceof Error && error.constructor === Error,
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof syscall === 'string' ? { syscall } : {}),
  };
}

function rebuilt(info: ErrorInfo): Error {
  const error = info.plain ? new Error(info.message) : new CheckThreadError(`the check thread failed: ${info.message}`);
  return Object.assign(error, info.code === undefined ? {} : { code: info.code }, info.syscall === undefined ? {} : { syscall: info.syscall });
}

export interface CheckThread {
  /**
   * Starts `sql` on a read-only connection to `path` in the thread; the function returned
   * waits for its rows (or throws what it threw). One query at a time.
   */
  query(path: string, sql: string, options?: OpenOptions): () => Row[];
  /** Ends the thread (at once, whatever it is doing). */
  close(): void;
}

/** Starts the thread from `entry` (a module that calls serveChecks when checkRole() says so). */
export function startCheckThread(entry: URL): CheckThread {
  const { port1: port, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const data: CheckData = { role: ROLE, port: port2, flag: flag.buffer as SharedArrayBuffer };
  const worker = new Worker(entry, { workerData: data, transferList: [port2], stdout: false, stderr: false });
  // It must not keep the process alive, nor report through events nobody listens to: its
  // answers and its end come through the port and the flag.
  worker.unref();
  worker.on('error', () => undefined);
  let closed = false;
  return {
    query(path, sql, options = {}) {
      if (closed) throw new CheckThreadError('the check thread was closed');
      if (Atomics.load(flag, 0) === ENDED) throw new CheckThreadError('the check thread has ended');
      Atomics.store(flag, 0, WAITING);
      port.postMessage({ path, sql, options } satisfies Request);
      return () => {
        for (;;) {
          const got = receiveMessageOnPort(port);
          if (got) {
            const reply = got.message as Reply;
            if ('error' in reply) throw rebuilt(reply.error);
            return reply.rows;
          }
          if (Atomics.load(flag, 0) === ENDED) throw new CheckThreadError('the check thread ended without an answer');
          Atomics.wait(flag, 0, WAITING, WAIT_SLICE_MS);
        }
      };
    },
    close() {
      if (closed) return;
      closed = true;
      port.close();
      void worker.terminate();
    },
  };
}

/** In a thread startCheckThread started: its data; null in any other thread. */
export function checkRole(): CheckData | null {
  const data = workerData as Partial<CheckData> | undefined;
  return data?.role === ROLE ? (data as CheckData) : null;
}

/**
 * The thread's side: answers each request on its own read-only connection to the file. Its
 * end, however it comes, raises the flag, so that a caller waiting for an answer stops waiting.
 */
export async function serveChecks(data: CheckData, load: () => Promise<NativeSqlite>): Promise<void> {
  const flag = new Int32Array(data.flag);
  const raise = (state: number) => {
    Atomics.store(flag, 0, state);
    Atomics.notify(flag, 0);
  };
  process.on('exit', () => raise(ENDED));
  const native = await load();
  data.port.on('message', ({ path, sql, options }: Request) => {
    let reply: Reply;
    try {
      const db = native.openReadOnly(path, options);
      try {
        reply = { rows: db.query(sql) };
      } finally {
        db.close();
      }
    } catch (error) {
      reply = { error: errorInfo(error) };
    }
    data.port.postMessage(reply);
    raise(ANSWERED);
  });
}
