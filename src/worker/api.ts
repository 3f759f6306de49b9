/**
 * What the page may ask of the worker. All SQLite work happens here, off the page's thread.
 * Between calls the worker holds the File (a handle, not its bytes), the schema for the SQL
 * preview, and the checked copy that inspection opened: the run takes that copy, so a big
 * file is read and checked once, not once to show the plan and again to run it (at 250 MB
 * that second pass was a third of the run). The copy is the file's size in memory while the
 * plan is on screen, which the run needs anyway. A second run reads the file afresh; a plan
 * asked for after a run does too, and keeps that copy for the next run. The page keeps the
 * File too, so a cancelled run can start again in a fresh worker by inspecting the same File.
 *
 * Every method answers with a Reply instead of throwing: Comlink would turn a thrown
 * MigrateError into a plain Error and lose its `code`, so errors cross as ErrorInfo data and
 * the page rebuilds them with errorFromInfo.
 */
import {
  budgetedOpener,
  journalPath,
  MigrateError,
  recoverInterrupted,
  Migrator,
  toErrorInfo,
  VERSION_TABLE,
  versionTableTriggers,
  type DbBudget,
  type Direction,
  type ErrorInfo,
  type Inspection,
  type MigrateOutcome,
  type OpenedCopy,
  type Plan,
  type ProgressEvent,
  type ProjectDefinition,
} from '../engine/index.ts';
import { browserOpener } from '../sqljs/browser.ts';
import { whenReadable } from './blob-ready.ts';
import { meterThePageBudget, overPageBudget, PAGE_MEMORY_BUDGET } from './budget.ts';
import { booksBeside, folderSource, projectResult, writeBack, zipProject, type PickedFolder, type ProjectResult, type WrittenBack } from './project-folder.ts';
import { handleFolder } from './handle-folder.ts';
import { readOwned, readOwnedSync, readPieces } from './read-file.ts';
import { Sha256 } from './sha256.ts';
import { pageProject, type PageProject, type SampleMaker } from './page-project.ts';

export type { PageProject, RevisionInfo, SampleMaker } from './page-project.ts';

export type Reply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

export interface PlanView {
  readonly target: string;
  readonly plan: Plan;
  /** The SQL of each step (same order as plan.steps), recorded on a schema-only copy. */
  readonly statements: readonly (readonly string[])[];
  /** True when a whole project folder is open: the run changes its files too. */
  readonly whole: boolean;
  /** The project's work on its files after the chain (moving results into HDF5 files), in words. */
  readonly finishing: readonly FinishingView[];
  /** For the database alone: what the run would leave undone that a whole-project run does. */
  readonly leftUndone: readonly string[];
}

export interface FinishingView {
  readonly title: string;
  /** What will be done, a sentence each; [] when nothing. */
  readonly changes: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * A folder whose last upgrade in place was interrupted (its journal is there) is half old and
 * half new: nothing may be read from it until that upgrade is completed or undone, which needs
 * write access to the folder.
 */
function refuseInterrupted(folder: PickedFolder, database: string): void {
  const journal = journalPath(booksBeside(database));
  if (!folder.has(journal)) return;
  throw new MigrateError(
    'INTERRUPTED_UPGRADE',
    `An earlier upgrade of this project was interrupted before it finished (${journal} is still there), so its files are part old, part new. Let this page complete or undo it (it asks for the folder), or run "entropy-migrate check" on the folder; then open it again.`,
    { journal },
  );
}

/** A file the run changed in the project folder (its bytes stay in the worker). */
export interface ChangedFile {
  readonly path: string;
  readonly kind: 'write' | 'remove';
  /** Whether the folder had the file before (a write then replaces it). */
  readonly existed: boolean;
  readonly sizeBytes: number;
}

export interface Opened {
  readonly inspection: Inspection;
  /**
   * Triggers on the version table, by name: they run at every step of a run (not in the
   * preview, which leaves them out), so one that never ends holds the run until cancelled.
   */
  readonly versionTriggers: readonly string[];
  /** The upgrade to head, with its SQL. */
  readonly preview: PlanView;
}

export interface Outcome extends Omit<MigrateOutcome, 'bytes' | 'files'> {
  /** What the run changed among the project's other files; [] for the database alone. */
  readonly files: readonly ChangedFile[];
  /**
   * The new file, made into a Blob here: a Blob crosses to the page without its bytes, so
   * the page's thread never copies hundreds of megabytes (that copy was its longest task).
   */
  readonly file: Blob;
  /** Which run this was, to ask for its hashes (api.hashes), which come after the file. */
  readonly run: number;
}

/**
 * SHA-256 of the input file and of the new file, hex; the input's is null if the file could
 * not be read again. Computed after the run has answered, so that hashing twice the file's
 * size does not hold back the download.
 */
export interface Hashes {
  readonly inputSha256: string | null;
  readonly outputSha256: string | null;
}

export interface Sample {
  readonly name: string;
  readonly file: Blob;
}

export type { WrittenBack };

export type ProgressListener = (event: ProgressEvent) => void;

async function reply<T>(work: () => Promise<T>): Promise<Reply<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

function sqliteBlob(bytes: Uint8Array): Blob {
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.sqlite3' });
}

/**
 * A named moment of the worker's work on the performance timeline, for a profiler (DevTools'
 * Performance panel, the benchmark's phase breakdown): marks cost next to nothing.
 */
function mark(name: string): void {
  performance.mark(`worker:${name}`);
}

/** Hashing reads this much at a time; other calls to the worker run between the reads. */
const HASH_PIECE = 8 * 2 ** 20;

/**
 * The worker's API for one project: what the page may ask, bound to that project and, once
 * sql.js has loaded, to an engine for it. The worker's entry (index.ts) names the project;
 * nothing here does, so a test build can hand the same page another project.
 */
export function workerApi(project: ProjectDefinition, sample: SampleMaker | null, memory: Pick<DbBudget, 'megabytes' | 'growthMegabytes'> = PAGE_MEMORY_BUDGET) {
  /** Every database the engine opens keeps to the page's budget (budget.ts); `hit` is per call. */
  const budget: DbBudget = { ...memory, hit: false };
  // The worker serves one page: its meter stays for the worker's life.
  meterThePageBudget(budget);
  let migratorLoading: Promise<Migrator> | null = null;
  function migrator(): Promise<Migrator> {
    migratorLoading ??= browserOpener().then((opener) => new Migrator(budgetedOpener(opener, budget), project));
    // A failed load is not kept (as loadOnce does): the next call tries again.
    migratorLoading.catch(() => (migratorLoading = null));
    return migratorLoading;
  }
  // sql.js loads (fetch and compile half a second of wasm) while the page waits for a file,
  // rather than after one is chosen. A failure here is told by the first call that needs it.
  migrator().catch(() => undefined);

  /** reply() for calls that open or run a database: a hit of the budget is said as one. */
  function budgeted<T>(work: () => Promise<T>): Promise<Reply<T>> {
    budget.hit = false;
    return reply(() => work().catch((error: unknown) => Promise.reject(overPageBudget(budget, error))));
  }

  /** The file inspected last, and its checked copy until a run takes it. */
  let current: { readonly file: Blob; copy: OpenedCopy | null; readonly folder: PickedFolder | null } | null = null;

  /** The last whole-project run's result, for its zip and its write-back; an older one is dropped. */
  let delivery: { readonly run: number; readonly folder: PickedFolder; readonly result: ProjectResult } | null = null;

  let runs = 0;
  /**
   * The last run's hashes: what they are computed from (the input File and the new file's
   * Blob) until the page asks, then the computation. An older run's are dropped.
   */
  let hashing: { readonly run: number; readonly file: Blob; readonly output: Blob; hashes: Promise<Hashes> | null } | null = null;

  function loaded(): NonNullable<typeof current> {
    if (!current) throw new Error('No database is open in the worker; open one first.');
    return current;
  }

  /** Lets go of the inspected file and its copy (a new file replaces it). */
  function forget(): void {
    current?.copy?.db.close();
    current = null;
  }

  /**
   * The inspected file's checked copy: the one inspection opened if no run has taken it yet,
   * else a fresh one, kept in turn. The bytes read are referenced only by sql.js, which lets
   * them go when VACUUM moves the file to smaller storage.
   */
  async function keptCopy(engine: Migrator): Promise<OpenedCopy> {
    const state = loaded();
    state.copy ??= engine.openCopy(await readOwned(state.file));
    return state.copy;
  }

  /** The checked copy for a run, which closes it: no longer kept. */
  async function takeCopy(engine: Migrator): Promise<OpenedCopy> {
    const copy = await keptCopy(engine);
    loaded().copy = null;
    return copy;
  }

  /**
   * A plan with the SQL of each of its steps, recorded on a schema-only copy of `copy`;
   * `planned`, the same plan already made (the inspection's), spares counting its words again.
   */
  function previewOf(engine: Migrator, copy: OpenedCopy, target: string, folder: PickedFolder | null, planned: Plan | null = null): PlanView {
    const source = folder && folderSource(folder, project.layout.wantsFile);
    const thePlan = planned ?? engine.plan(copy.db, target, source);
    const recorded = engine.record(copy.db, 'current', target);
    return {
      target,
      plan: thePlan,
      statements: recorded.steps.map((step) => [...step.statements]),
      whole: folder !== null,
      // Without the folder the finishing work cannot run: what it leaves undone is in leftUndone.
      finishing: source ? engine.finishingPlans(copy.db, thePlan, source).map(({ title, plan }) => ({ title, changes: plan.changes, warnings: plan.warnings })) : [],
      leftUndone: folder ? [] : engine.leftUndone(copy.db, thePlan),
    };
  }

  /**
   * Hashes the new file and then the input as each streams from its Blob, a piece at a time:
   * never a copy of either, where WebCrypto's digest would copy each whole. Started only when
   * the page asks, which it does once it has shown the download: hashing as soon as the run
   * answered competed for the CPU with the page drawing that answer (a 126 ms task on its
   * thread at 1 GB). Gives up (null) once a newer file or run has replaced this one.
   */
  function hashLater(run: number, file: Blob, output: Blob): Promise<Hashes> {
    const stillWanted = () => hashing?.run === run;
    const hashOf = async (blob: Blob): Promise<string | null> => {
      if (!stillWanted()) return null;
      const hash = new Sha256();
      try {
        const read = await readPieces(blob, HASH_PIECE, (piece) => {
          hash.update(piece);
          return stillWanted();
        });
        return read === blob.size ? hash.hex() : null;
      } catch {
        // The file changed or vanished after the run read it: the receipt leaves the hash out.
        return null;
      }
    };
    return (async () => {
      const outputSha256 = await hashOf(output);
      const inputSha256 = await hashOf(file);
      return { inputSha256, outputSha256 };
    })();
  }

  /**
   * Inspects the file from one checked copy, which stays open for the run: each open reads
   * the whole file and runs quick_check over it, which on a big file is most of the wait
   * before the plan shows.
   */
  async function open(file: Blob, folder: PickedFolder | null): Promise<Opened> {
    mark('inspect asked');
    const engine = await migrator();
    forget();
    hashing = null;
    delivery = null;
    if (folder) refuseInterrupted(folder, project.layout.database);
    // The project's file work (HDF5) needs its library before a plan can look into the files.
    if (folder) await project.prepare?.();
    mark('inspect sql.js loaded');
    const bytes = await readOwned(file);
    mark('inspect read');
    const copy = engine.openCopy(bytes);
    mark('inspect quick_check');
    try {
      const inspection = engine.inspect(copy, bytes.length);
      mark('inspect plan, row counts');
      // The inspection's plan is the upgrade to the heads on the database alone: with a
      // folder the words also count what is in its files, so that plan is made again.
      const preview = previewOf(engine, copy, 'heads', folder, folder ? null : inspection.plan);
      const versionTriggers = versionTableTriggers(copy.db, VERSION_TABLE);
      mark('inspect preview');
      current = { file, copy, folder };
      return { inspection, preview, versionTriggers };
    } catch (error) {
      copy.db.close();
      throw error;
    }
  }

  async function migrate(direction: Direction, target: string, onProgress?: ProgressListener): Promise<Outcome> {
    const engine = await migrator();
    const { file, folder } = loaded();
    // Nobody can ask for an older run's hashes, zip or write-back any more.
    hashing = null;
    delivery = null;
    if (folder) await project.prepare?.();
    mark('run asked');
    const copy = await takeCopy(engine);
    let delivered: Promise<unknown> = Promise.resolve();
    // Through Comlink the listener returns a promise that settles once the page has run it.
    const progress = (event: ProgressEvent) => {
      mark(`run ${event.kind === 'phase' ? event.phase : `${event.kind} ${event.index + 1}`}`);
      delivered = Promise.resolve(onProgress?.(event) as unknown).catch(() => undefined);
    };
    progress({ kind: 'phase', phase: 'opened' });
    // The after-failure check needs the untouched file: sql.js wrote into the copy's bytes.
    const source = folder ? folderSource(folder, project.layout.wantsFile) : undefined;
    const { bytes: out, files, ...rest } = engine.run(copy, { direction, target, onProgress: progress, ...(source ? { folder: source } : {}) }, () => readOwnedSync(file));
    // Progress travels on the listener's own port and the answer on the worker's, and ports
    // keep no order between them: without this the page could get the result before the last
    // step's progress. Calls on one port stay in order, so the last one settling means all did.
    await delivered;
    // The Blob is a copy (the page gets it without its bytes); the receipt's hash is read back
    // from it, so nothing holds `out` once this run has answered, rather than until hashed.
    mark('run progress delivered');
    const blob = sqliteBlob(out);
    mark('run blob made');
    await whenReadable(blob);
    mark('run blob readable');
    const run = ++runs;
    hashing = { run, file, output: blob, hashes: null };
    // Runs here are on bytes (sql.js), so every new file comes as bytes: none is 'placed'.
    const changed = files.map((f) => ({ path: f.path, kind: f.kind === 'remove' ? ('remove' as const) : ('write' as const), existed: folder?.has(f.path) ?? false, sizeBytes: f.kind === 'write' ? f.bytes.length : 0 }));
    if (folder) {
      const what = { command: direction, from: rest.result.from, to: rest.result.to };
      delivery = { run, folder, result: projectResult(project.layout.database, blob, files, direction === 'upgrade' ? (project.layout.foldersAfterUpgrade ?? []) : [], what) };
    }
    return { ...rest, files: changed, file: blob, run };
  }

  return {
    /** The project's name, places, words and revisions, for the page to speak of it. */
    project(): PageProject {
      return pageProject(project, sample);
    },

    /**
     * Inspects a file (a Blob crosses without copying its bytes) and keeps it for later calls;
     * with `folder` (the project folder's files by relative path, the database among them) the
     * plan and the run are for the whole project.
     */
    inspect(file: Blob, folder: readonly (readonly [string, Blob])[] | null = null): Promise<Reply<Opened>> {
      return budgeted(() => open(file, folder && new Map(folder)));
    },

    /** The plan to `target` (any target Alembic accepts), up or down as needed, with its SQL. */
    plan(target: string): Promise<Reply<PlanView>> {
      return budgeted(async () => {
        const engine = await migrator();
        // Planning only reads: the kept copy serves, and stays kept for the run.
        const copy = await keptCopy(engine);
        return previewOf(engine, copy, target, loaded().folder);
      });
    },

    upgrade(target: string, onProgress?: ProgressListener): Promise<Reply<Outcome>> {
      return budgeted(() => migrate('upgrade', target, onProgress));
    },

    downgrade(target: string, onProgress?: ProgressListener): Promise<Reply<Outcome>> {
      return budgeted(() => migrate('downgrade', target, onProgress));
    },

    /** The hashes of a run's input and output, once computed (after the run has answered). */
    hashes(run: number): Promise<Reply<Hashes>> {
      return reply(async () => {
        if (hashing?.run !== run) throw new Error('That run\'s hashes are no longer kept: a newer file or run replaced it.');
        hashing.hashes ??= hashLater(run, hashing.file, hashing.output);
        return hashing.hashes;
      });
    },

    /** The upgraded project's database folder as a zip, for a whole-project run. */
    zip(run: number): Promise<Reply<Blob>> {
      return reply(async () => {
        if (delivery?.run !== run) throw new Error('That run\'s result is no longer kept: a newer file or run replaced it.');
        return zipProject(delivery.folder, delivery.result);
      });
    },

    /** Writes a whole-project run's result into the folder the user chose again (see writeBack). */
    writeBack(run: number, root: FileSystemDirectoryHandle): Promise<Reply<WrittenBack>> {
      return reply(async () => {
        if (delivery?.run !== run) throw new Error('That run\'s result is no longer kept: a newer file or run replaced it.');
        return writeBack(root, delivery.folder, delivery.result);
      });
    },

    /**
     * Completes or undoes an upgrade in place that was interrupted in the folder the user chose
     * (its journal is there), as every CLI command does first; answers what it did, or null.
     */
    settle(root: FileSystemDirectoryHandle): Promise<Reply<string | null>> {
      return reply(async () => {
        return (await recoverInterrupted(handleFolder(root, root.name), booksBeside(project.layout.database), { host: null, pid: null }))?.sentence ?? null;
      });
    },

    /** Builds the project's sample, for people without a file at hand. */
    sample(): Promise<Reply<Sample>> {
      return reply(async () => {
        if (!sample) throw new Error(`This page has no sample ${project.name} database.`);
        return { name: sample.name, file: sqliteBlob(sample.build(await browserOpener())) };
      });
    },
  };
}

export type Api = ReturnType<typeof workerApi>;
