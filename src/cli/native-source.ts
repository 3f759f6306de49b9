/**
 * A database file as the engine's DbSource, for native SQLite: the engine checks the header
 * from the file's first bytes and its size, and works on a copy of the file (the work file)
 * that the caller renames into place when the run has passed its checks. Nothing reads the
 * file whole, so memory stays flat whatever its size.
 *
 * The input is judged as readDatabase judges it (a regular file, no unfinished writes beside
 * it) and the copy is made from the very file that was judged: on Linux through its open
 * descriptor, so a file swapped in between (a FIFO, a device) is never what gets copied.
 */
import { chmodSync, closeSync, constants, copyFileSync, existsSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { checkHere, checkInputIntact, inputFacts, MigrateError, oneLine, sniffSqlite, type DbFile, type DbSource, type InputFacts, type ProjectDefinition } from '../engine/index.ts';
import type { CheckThread, NativeSqlite, OpenOptions } from '../native/adapter.ts';
import { refuseUnfinishedWrites, tempName } from './files.ts';
import { applyOwnership, CREATE_MODE, ownershipOf, type Ownership } from './permissions.ts';
import { openRegularFile } from './regular-file.ts';
import { shownPath } from './terminal.ts';
import { temporaryFile } from './leftovers.ts';
import { checkSideBySide } from './side-checks.ts';

/** Enough for the header and for naming what else a file may be (see sniffSqlite). */
const HEAD_BYTES = 512;

/** EXCL: never over a file someone else is writing; FICLONE: a reflink where the file system has them. */
const COPY_FLAGS = constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE;

export interface FileSource extends DbSource {
  /** The copy the run works on, once openCopy has made it; where the caller renames from. */
  readonly work: string;
  /**
   * Makes the work copy ahead of the engine's openCopy, and meanwhile checks the input itself
   * (checkInputIntact): the copy runs on the system's thread pool while SQLite reads the input
   * on this thread, so on two cores the check costs next to nothing (about 0.45 s at 1 GB),
   * and the engine does not read the copy through again. A WAL-mode input is only copied: its
   * copy's header will differ from it, so the engine checks the copy as usual. A file that is
   * not SQLite is refused from its header before anything is copied. A source that writes
   * starts the check thread here too (NativeSqlite.startCheckThread): after the check it reads
   * the input's rows and foreign-key findings, which the run compares its result with
   * (before), while the revisions run on the copy (without the thread, they are read here
   * first), and it checks the result side by side (checkResult).
   */
  prepare(project: ProjectDefinition): Promise<void>;
  /**
   * Gives the finished work copy the input's own mode. Until then the owner may write it,
   * whatever the input's mode: SQLite writes the copy of a read-only (0444) input too.
   */
  seal(): void;
  /** Removes what the run left behind: the work file and copies kept but not placed. */
  discard(): void;
}

/** How a run works on its file: how connections open it, and whether its result is checked on a second thread. */
export interface WorkOptions extends OpenOptions {
  /** integrity_check on the check thread, beside the other checks (default true). */
  readonly checkBeside?: boolean;
  /** Hears of each copy of the database kept between steps, once it is complete (stamps-ahead.ts). */
  readonly kept?: (path: string) => void;
}

function readHead(fd: number, size: number): Uint8Array {
  const head = new Uint8Array(Math.min(size, HEAD_BYTES));
  for (let at = 0; at < head.length; ) {
    const read = readSync(fd, head, at, head.length - at, at);
    if (read === 0) return head.subarray(0, at);
    at += read;
  }
  return head;
}

/** The check thread, where the native module offers one; a run without it checks in this thread. */
function startThread(native: NativeSqlite): CheckThread | null {
  try {
    return native.startCheckThread?.() ?? null;
  } catch {
    return null;
  }
}

/**
 * The input's rows and foreign-key findings, read here; null when they cannot be read (the run
 * then counts its copy, and any failure is named as the engine names it).
 */
function factsOf(native: NativeSqlite, path: string, options: OpenOptions): InputFacts | null {
  try {
    const db = native.openReadOnly(path, options);
    try {
      return inputFacts(db);
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

function ioError(verb: string, path: string, error: unknown): MigrateError {
  return new MigrateError('IO', `Cannot ${verb} "${shownPath(path)}": ${oneLine((error as Error).message)}.`, { path });
}

/**
 * The input at `input`, to be copied to `work` (which must not exist) with `ownership`
 * (the input's permissions; its owner too when the copy will replace it); every connection
 * to either file is opened with `options`.
 */
export function fileSource(native: NativeSqlite, input: string, work: string, ownership: Ownership, options: WorkOptions = {}): FileSource {
  return source(native, input, work, ownership, false, options);
}

/**
 * The input opened where it lies, read-only, for commands that only read it (current,
 * check): nothing is copied or written. A WAL-mode file, which SQLite would open with a -shm
 * file beside it, is read from a private copy in the temporary folder instead.
 */
export function readOnlySource(native: NativeSqlite, input: string): FileSource {
  const folder = temporaryFile(mkdtempSync(join(tmpdir(), 'entropy-migrate-')));
  const removeFolder = () => rmSync(folder, { recursive: true, force: true });
  let inner: FileSource;
  try {
    inner = source(native, input, join(folder, 'copy.db'), ownershipOf(input, false), true);
  } catch (error) {
    // A refused input (not a file, unfinished writes, unreadable) must not leave the folder behind.
    removeFolder();
    throw error;
  }
  return { ...inner, discard: () => (inner.discard(), removeFolder()) };
}

function source(native: NativeSqlite, input: string, work: string, ownership: Ownership, readOnly: boolean, given: WorkOptions = {}): FileSource {
  // What every connection opens with (it crosses to the check thread): the map, nothing else.
  const { checkBeside, kept: onKept, ...options } = given;
  refuseUnfinishedWrites(input);
  let fd: number;
  let size: number;
  let head: Uint8Array;
  try {
    ({ fd, size } = openRegularFile(input));
  } catch (error) {
    if (error instanceof MigrateError) throw error;
    throw ioError('read', input, error);
  }
  try {
    head = readHead(fd, size);
  } catch (error) {
    closeSync(fd);
    throw ioError('read', input, error);
  }
  // Through the descriptor where the system offers it: the file judged is the file copied.
  const from = process.platform === 'linux' ? `/proc/self/fd/${fd}` : input;
  const copyFailed = (error: unknown) =>
    // A full disk or a folder not writable is the user's to fix, not damage in the file.
    new MigrateError('IO', `Cannot copy "${shownPath(input)}" to "${shownPath(work)}": ${oneLine((error as Error).message)}. Nothing was written.`, { path: work });
  const kept: string[] = [];
  let copied = false;
  let inputChecked = false;
  let before: (() => InputFacts) | null = null;
  // While the check thread reads the input's facts, the descriptor it opens stays open.
  let factsPending = false;
  let thread: CheckThread | null = null;
  let inputOpen = true;
  const closeInput = () => {
    if (inputOpen) closeSync(fd);
    inputOpen = false;
  };
  const constant = (facts: InputFacts | null) => facts && (() => facts);
  /** The facts the thread reads while the revisions run, taken when the checks need them. */
  const factsBeside = (wait: () => InputFacts): (() => InputFacts) => {
    factsPending = true;
    return () => {
      try {
        return wait();
      } catch (error) {
        // The thread could not (it ended, or SQLite failed there): read them here, from the same file.
        const here = factsOf(native, from, options);
        if (here) return here;
        throw error;
      } finally {
        factsPending = false;
        closeInput();
      }
    };
  };
  return {
    size,
    head,
    work,
    get inputChecked() {
      return inputChecked;
    },
    get before() {
      return before;
    },
    async prepare(project) {
      const { wal } = sniffSqlite(head, project.databaseHint, size);
      const copying = copyFile(from, work, COPY_FLAGS);
      if (!readOnly && checkBeside !== false) thread = startThread(native);
      let checkFailure: unknown = null;
      try {
        // The same file the copy reads, through the same descriptor.
        if (!wal) checkInputIntact(() => native.openReadOnly(from, options), project);
      } catch (error) {
        checkFailure = error;
      }
      if (checkFailure === null && !wal && !readOnly) before = thread
          ? // Unmapped there: the thread reads while the run maps its copy, and both maps would count as the process's memory.
            factsBeside(thread.facts(from, { ...options, map: false }))
          : constant(factsOf(native, from, options));
      try {
        await copying;
      } catch (error) {
        throw copyFailed(error);
      } finally {
        if (!factsPending) closeInput();
      }
      // As when the copy came first: a full disk is named before anything found in the file.
      if (checkFailure !== null) throw checkFailure;
      copied = true;
      inputChecked = !wal;
    },
    openCopy(rollbackJournal) {
      if (readOnly && !rollbackJournal) {
        closeInput();
        return native.openReadOnly(input, options);
      }
      if (!copied) {
        try {
          copyFileSync(from, work, COPY_FLAGS);
        } catch (error) {
          throw copyFailed(error);
        } finally {
          closeInput();
        }
      }
      // The copy took the input's mode: a read-only (0444) input gives a read-only copy, which
      // only root could open for writing. The input's mode comes back through applyOwnership.
      chmodSync(work, CREATE_MODE);
      const out = openSync(work, 'r+');
      try {
        if (fstatSync(out).size !== size) throw new MigrateError('IO', `"${shownPath(input)}" changed while it was copied; run again once nothing writes to it. Nothing was written.`, { path: input });
        applyOwnership(out, { ...ownership, mode: ownership.mode | 0o600 });
        // As openCopy does for bytes: only the copy's header changes.
        if (rollbackJournal) writeSync(out, Buffer.from([1, 1]), 0, 2, 18);
      } finally {
        closeSync(out);
      }
      return native.openWork(work, options);
    },
    openUntouched: () => native.openReadOnly(input, options),
    checkResult: (db, violations) => (thread ? checkSideBySide(native, thread, work, violations, options) : checkHere(db, violations)),
    keepCopy(_db: DbFile, path: string) {
      // Between steps, outside a transaction, with no journal: the work file is the database.
      const copy = tempName(join(dirname(work), basename(path)), process.pid);
      try {
        copyFileSync(work, copy, COPY_FLAGS);
      } catch (error) {
        rmSync(copy, { force: true });
        throw ioError('write', copy, error);
      }
      kept.push(copy);
      onKept?.(copy);
      return copy;
    },
    seal() {
      if (copied || existsSync(work)) chmodSync(work, ownership.mode);
    },
    discard() {
      closeInput();
      thread?.close();
      for (const path of [work, ...kept]) rmSync(path, { force: true });
    },
  };
}
