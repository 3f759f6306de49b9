/**
 * The page's side of the worker. Calls return values or throw MigrateError rebuilt from the
 * worker's ErrorInfo, so the UI can show `message` and branch on `code`. Cancelling
 * terminates the worker (SQLite cannot be interrupted mid-statement any other way), makes
 * pending calls fail with CANCELLED, and starts a fresh worker; the page still holds the
 * File, so the next call simply loads it again.
 */
import * as Comlink from 'comlink';
// errors.ts is plain data classes with no imports: the one engine value the page needs, to
// turn ErrorInfo back into a MigrateError with its subclass and code.
import { CancelledError, MigrateError } from '../engine/errors.ts';
import { errorFromInfo } from '../engine/error-transport.ts';
import type { Direction, ProgressEvent } from '../engine/index.ts';
import type { Api, Hashes, Opened, Outcome, PageProject, PlanView, Reply, Sample, WrittenBack } from '../worker/api.ts';
import { ProjectFileTooBigError, ProjectTooBigError, TooBigForPageError } from './errors.ts';

/**
 * A run holds a file several times over (the bytes read, which sql.js works on, VACUUM's
 * temporary copy inside a wasm heap that stops at 2 GB, the new file), so a bigger file
 * would exhaust the tab. Refusing before reading beats a frozen or crashed tab; failures
 * below this size still come back as OUT_OF_MEMORY from the worker.
 */
export const LARGEST_FILE_BYTES = 1024 ** 3;

/**
 * Where the browser cannot stage a run's files on disk (no OPFS: an older browser, a private
 * window that refuses it), a whole project holds its database and every results file it reads
 * and writes in the same worker: their sum has the same ceiling, a little higher since results
 * files are not copied as often as the database. With OPFS staging (worker/run-staging.ts) the
 * files the run writes wait on disk, and the project's total has no limit of its own: what must
 * still fit is the database and each file the run reads, one at a time (LARGEST_FILE_BYTES).
 */
export const LARGEST_PROJECT_BYTES = 1.5 * 1024 ** 3;

function unwrap<T>(answer: Reply<T>): T {
  if (answer.ok) return answer.value;
  throw errorFromInfo(answer.error);
}

export class WorkerBridge {
  private worker!: Worker;
  private remote!: Comlink.Remote<Api>;
  /** The Blob the current worker holds, so a fresh worker knows to load it again. */
  private loaded: Blob | null = null;
  /** The project folder handed over with it, if any. */
  private folder: readonly (readonly [string, Blob])[] | null = null;
  private abort!: Promise<never>;
  private rejectAll!: (error: MigrateError) => void;

  constructor() {
    this.start();
    // Best effort: the last run's files staged on disk go with the page (else the next page's worker sweeps them).
    globalThis.addEventListener?.('pagehide', () => void this.remote.drop().catch(() => undefined));
  }

  private start(): void {
    this.worker = new Worker(new URL('../worker/index.ts', import.meta.url), { type: 'module', name: 'entropy-migrate' });
    this.remote = Comlink.wrap<Api>(this.worker);
    this.loaded = null;
    this.abort = new Promise<never>((_, reject) => {
      this.rejectAll = reject;
    });
    // Nobody may be waiting when the abort fires; that is not an unhandled rejection.
    this.abort.catch(() => undefined);
    this.worker.addEventListener('error', () => {
      this.rejectAll(new MigrateError('IO', 'The page could not start its database worker. Reload the page and try again.'));
    });
  }

  private call<T>(work: Promise<Reply<T>>): Promise<T> {
    return Promise.race([work, this.abort]).then(unwrap);
  }

  cancel(): void {
    this.rejectAll(new CancelledError());
    this.remote[Comlink.releaseProxy]();
    this.worker.terminate();
    this.start();
  }

  /** The project the worker upgrades: its name, places, words and revisions. */
  project(): Promise<PageProject> {
    return Promise.race([this.remote.project(), this.abort]);
  }

  /** `folder`: the project folder's files by relative path, for a whole-project plan and run. */
  async inspect(file: Blob, folder: readonly (readonly [string, Blob])[] | null = null): Promise<Opened> {
    this.loaded = null;
    if (file.size > LARGEST_FILE_BYTES) throw new TooBigForPageError(file.size, LARGEST_FILE_BYTES);
    const total = folder ? folder.reduce((n, [, f]) => n + f.size, 0) : 0;
    if (total > LARGEST_PROJECT_BYTES) {
      // The files it writes and their zip: about twice the project, on disk.
      if (!(await Promise.race([this.remote.stagesOnDisk(2 * total), this.abort]))) throw new ProjectTooBigError(total, LARGEST_PROJECT_BYTES);
      const biggest = folder!.reduce<readonly [string, Blob] | null>((most, entry) => (most && most[1].size >= entry[1].size ? most : entry), null);
      if (biggest && biggest[1].size > LARGEST_FILE_BYTES) throw new ProjectFileTooBigError(biggest[0], biggest[1].size, LARGEST_FILE_BYTES);
    }
    const opened = await this.call(this.remote.inspect(file, folder));
    this.loaded = file;
    this.folder = folder;
    return opened;
  }

  private async ensureLoaded(file: Blob): Promise<void> {
    if (this.loaded !== file) await this.inspect(file, this.folder);
  }

  /** The upgraded project as a zip (a whole-project run's result, kept in the worker). */
  zip(run: number): Promise<Blob> {
    return this.call(this.remote.zip(run));
  }

  /** Writes a whole-project run's result into `root`, the project folder chosen again. */
  writeBack(run: number, root: FileSystemDirectoryHandle): Promise<WrittenBack> {
    return this.call(this.remote.writeBack(run, root));
  }

  /** Completes or undoes an interrupted upgrade in place in `root`; answers what it did. */
  settle(root: FileSystemDirectoryHandle): Promise<string | null> {
    return this.call(this.remote.settle(root));
  }

  async plan(file: Blob, target: string): Promise<PlanView> {
    await this.ensureLoaded(file);
    return this.call(this.remote.plan(target));
  }

  async migrate(file: Blob, direction: Direction, target: string, onProgress: (event: ProgressEvent) => void): Promise<Outcome> {
    await this.ensureLoaded(file);
    const listener = Comlink.proxy(onProgress);
    return this.call(direction === 'upgrade' ? this.remote.upgrade(target, listener) : this.remote.downgrade(target, listener));
  }

  /** The SHA-256s of a run's input and output; they come after the run's answer. */
  hashes(run: number): Promise<Hashes> {
    return this.call(this.remote.hashes(run));
  }

  sample(): Promise<Sample> {
    return this.call(this.remote.sample());
  }
}
