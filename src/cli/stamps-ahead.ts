/**
 * The folder commit's stamps (size and SHA-256 of every file it stages or keeps), made ahead
 * of it. Without them the commit reads every file again, one after the other, when the run is
 * over: the kept original, the database's backup copy, the new database and every HDF5 file,
 * about 1 s of a 7 s whole-project run at 250 MB. Instead, a file is stamped as soon as it is
 * final: the big ones (the original when the run starts, the backup copy when it is made, the
 * new database when the run ends) read on a thread of their own while the run goes on on
 * another core; the files the run writes from memory (HDF5 files, params.json) from the bytes
 * it writes, with nothing read again.
 *
 * A stamp made ahead is used only for the very same file, unchanged: the same device and
 * inode (a hard link made for the backup is the same file), the same size and modification
 * time as when it was stamped, and the size and time did not move while it was read. Anything
 * else, or a failure, and the commit stamps the file itself as before.
 *
 * The thread is a small script of its own, not the CLI's bundle (about ten megabytes, not the
 * bundle's), reading in 1 MiB pieces.
 */
import { createHash } from 'node:crypto';
import { statSync, type BigIntStats } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FileStamp } from '../engine/index.ts';

/** What the thread answers for a file: its stamp and the identity it had while read; null when it moved. */
interface Stamped {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly sha256: string;
}

export interface StampsAhead {
  /** Starts stamping the file at `path` on the thread; the file is not written again. */
  ahead(path: string): void;
  /** Stamps the file just written at `path` from `bytes`, its whole content, here: nothing is read. */
  written(path: string, bytes: Uint8Array): void;
  /** The stamp made ahead for the file now at `path`, when it is that same file unchanged; else null. */
  take(path: string): Promise<FileStamp | null>;
  /** Ends the thread (at once); take() then answers null for what was not stamped yet. */
  close(): void;
  /** Threads not yet seen to end (the one reading, or one that ended while this thread was busy). */
  readonly threads: number;
}

// CommonJS, as an eval'd worker runs it. fstat before and after: a file that changes while
// it is read gets no stamp. The shared word counts the files asked for and not answered; the
// thread ends when it answers the last one, by turning the word from 0 to -1 (see taker()).
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, fstatSync, readSync, closeSync } = require('node:fs');
const piece = Buffer.allocUnsafe(1 << 20);
const word = new Int32Array(workerData);
parentPort.on('message', ({ ticket, path }) => {
  let answer = null;
  try {
    const fd = openSync(path, 'r');
    try {
      const before = fstatSync(fd, { bigint: true });
      const hash = createHash('sha256');
      let size = 0n;
      for (let read; (read = readSync(fd, piece, 0, piece.length, null)) > 0; size += BigInt(read)) hash.update(piece.subarray(0, read));
      const after = fstatSync(fd, { bigint: true });
      if (before.size === size && after.size === size && before.mtimeNs === after.mtimeNs) {
        answer = { dev: after.dev, ino: after.ino, size, mtimeNs: after.mtimeNs, sha256: hash.digest('hex') };
      }
    } finally {
      closeSync(fd);
    }
  } catch {}
  parentPort.postMessage({ ticket, answer });
  Atomics.sub(word, 0, 1);
  if (Atomics.compareExchange(word, 0, 0, -1) === 0) process.exit(0);
});
`;

const identity = (s: { dev: bigint; ino: bigint }) => `${s.dev}:${s.ino}`;

function statOf(path: string): BigIntStats | null {
  try {
    return statSync(path, { bigint: true });
  } catch {
    return null;
  }
}

/** One thread's life: the files it was asked for, and the word it shares (THREAD). */
interface Thread {
  readonly worker: Worker;
  readonly word: Int32Array;
  readonly waiting: Map<number, (answer: Stamped | null) => void>;
}

/**
 * The thread runs only while it has files to read, and ends when it has none: in a
 * whole-project run it reads the original and the database's backup copy while the first
 * revisions run, and is gone (with its ten megabytes) before the HDF5 move's threads start.
 * It ends itself: this thread's event loop is not turning while the run works.
 */
export function startStampsAhead(): StampsAhead {
  const stamps = new Map<string, Promise<Stamped | null>>();
  const threads = new Set<Thread>();
  let current: Thread | null = null;
  let tickets = 0;
  let takers = 0;
  let closed = false;
  const giveUp = (thread: Thread) => {
    for (const resolve of thread.waiting.values()) resolve(null);
    thread.waiting.clear();
    threads.delete(thread);
  };
  const start = (): Thread => {
    const word = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(THREAD, {
      eval: true,
      workerData: word.buffer,
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 1 },
      stdout: false,
      stderr: false,
    });
    const thread: Thread = { worker, word, waiting: new Map() };
    // Nothing waits on it but a commit that asks for a stamp: it must not keep the process alive.
    if (takers === 0) worker.unref();
    worker.on('message', ({ ticket, answer }: { ticket: number; answer: Stamped | null }) => {
      thread.waiting.get(ticket)?.(answer);
      thread.waiting.delete(ticket);
    });
    // Its answers all come before its end; whatever is still waiting then gets none.
    worker.on('error', () => giveUp(thread));
    worker.on('exit', () => giveUp(thread));
    threads.add(thread);
    return thread;
  };
  /** A thread that has taken one more file: the current one, unless it has ended (its word is -1). */
  const taker = (): Thread => {
    for (;;) {
      const thread = current ?? (current = start());
      const count = Atomics.load(thread.word, 0);
      if (count < 0) current = null;
      else if (Atomics.compareExchange(thread.word, 0, count, count + 1) === count) return thread;
    }
  };
  return {
    ahead(path) {
      const now = closed ? null : statOf(path);
      if (!now?.isFile()) return;
      const thread = taker();
      const ticket = ++tickets;
      stamps.set(identity(now), new Promise((resolve) => thread.waiting.set(ticket, resolve)));
      thread.worker.postMessage({ ticket, path });
    },
    written(path, bytes) {
      const now = statOf(path);
      if (!now?.isFile() || now.size !== BigInt(bytes.length)) return;
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      stamps.set(identity(now), Promise.resolve({ dev: now.dev, ino: now.ino, size: now.size, mtimeNs: now.mtimeNs, sha256 }));
    },
    async take(path) {
      const then = statOf(path);
      const pending = then && stamps.get(identity(then));
      if (!pending) return null;
      // While a commit waits, the answer comes through this thread's event loop: keep it alive.
      if (takers++ === 0) for (const thread of threads) thread.worker.ref();
      let made: Stamped | null;
      try {
        made = await pending;
      } finally {
        if (--takers === 0) for (const thread of threads) thread.worker.unref();
      }
      // Still the file that was read: the same inode, size and time, now that the answer is here.
      const now = statOf(path);
      if (!made || !now || identity(now) !== identity(made) || made.size !== now.size || made.mtimeNs !== now.mtimeNs) return null;
      return { size: Number(made.size), sha256: made.sha256 };
    },
    get threads() {
      return threads.size;
    },
    close() {
      closed = true;
      for (const thread of [...threads]) {
        giveUp(thread);
        void thread.worker.terminate();
      }
      current = null;
    },
  };
}
