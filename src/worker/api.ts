/**
 * What the page may ask of the worker, for one project. All SQLite work happens here, off the
 * page's thread; the parts live beside this file: what crosses (protocol.ts), the engine under
 * the page's budget (engine.ts), the file held between calls (session.ts), inspection and
 * preview (inspect.ts), the run (run.ts), the receipt's hashes (hashing.ts), and the project
 * folder's zip and write-back (project-folder.ts). The page keeps the File too, so a cancelled
 * run can start again in a fresh worker by inspecting the same File.
 */
import { recoverInterrupted, type DbBudget, type Direction, type ProjectDefinition } from '../engine/index.ts';
import { browserOpener } from '../sqljs/browser.ts';
import { PAGE_MEMORY_BUDGET } from './budget.ts';
import { PageEngine } from './engine.ts';
import { handleFolder } from './handle-folder.ts';
import { hashRun } from './hashing.ts';
import { inspectFile, previewOf } from './inspect.ts';
import { pageProject, type PageProject, type SampleMaker } from './page-project.ts';
import { booksBeside, projectResult, writeBack, zipProject, type PickedFolder, type ProjectResult, type WrittenBack } from './project-folder.ts';
import { reply, type Hashes, type Opened, type Outcome, type PlanView, type ProgressListener, type Reply, type Sample } from './protocol.ts';
import { runCopy, sqliteBlob } from './run.ts';
import { canStageInBrowser, stagingInBrowser, sweepInBrowser, type RunStaging } from './run-staging.ts';
import { Session } from './session.ts';
import { mark } from './timeline.ts';

export type * from './protocol.ts';

const NOT_KEPT = "That run's result is no longer kept: a newer file or run replaced it.";

/**
 * The worker's API for one project: what the page may ask, bound to that project and, once
 * sql.js has loaded, to an engine for it. The worker's entry (index.ts) names the project;
 * nothing here does, so a test build can hand the same page another project.
 */
export function workerApi(project: ProjectDefinition, sample: SampleMaker | null, memory: Pick<DbBudget, 'megabytes' | 'growthMegabytes'> = PAGE_MEMORY_BUDGET) {
  const engine = new PageEngine(project, memory);
  const session = new Session();
  // What earlier tabs left in OPFS goes while the page waits for a file (each run sweeps again).
  void sweepInBrowser();

  /** The last whole-project run's result, for its zip and its write-back; an older one is dropped. */
  let delivery: { readonly run: number; readonly folder: PickedFolder; readonly result: ProjectResult } | null = null;

  /** Where the last whole-project run keeps the files it wrote (OPFS), until its result is dropped; null: in memory. */
  let staged: RunStaging | null = null;
  /** Drops the last run's result and removes its staged files. */
  async function dropResult(): Promise<void> {
    delivery = null;
    const dropping = staged;
    staged = null;
    await dropping?.drop();
  }

  let runs = 0;
  /**
   * The last run's hashes: what they are computed from (the input File and the new file's
   * Blob) until the page asks, then the computation. An older run's are dropped.
   */
  let hashing: { readonly run: number; readonly file: Blob; readonly output: Blob; hashes: Promise<Hashes> | null } | null = null;

  async function open(file: Blob, folder: PickedFolder | null): Promise<Opened> {
    mark('inspect asked');
    const migrator = await engine.migrator();
    session.forget();
    hashing = null;
    await dropResult();
    const { opened, copy } = await inspectFile(migrator, project, file, folder);
    session.hold({ file, copy, folder });
    return opened;
  }

  async function migrate(direction: Direction, target: string, onProgress?: ProgressListener): Promise<Outcome> {
    const migrator = await engine.migrator();
    const held = session.loaded();
    // Nobody can ask for an older run's hashes, zip or write-back any more.
    hashing = null;
    await dropResult();
    if (held.folder) await project.prepare?.();
    mark('run asked');
    const copy = await session.takeCopy(migrator);
    // A whole-project run keeps the files it writes in OPFS where the browser has it (run-staging.ts).
    const staging = held.folder ? await stagingInBrowser() : null;
    let ran: Awaited<ReturnType<typeof runCopy>>;
    try {
      // Seals the staging: the new database is its last file.
      ran = await runCopy(migrator, project, copy, held, { direction, target }, onProgress, staging);
    } catch (error) {
      await staging?.drop();
      throw error;
    }
    staged = staging;
    const { outcome, changes, databaseKept } = ran;
    const run = ++runs;
    hashing = { run, file: held.file, output: outcome.file, hashes: null };
    if (held.folder) {
      const what = { command: direction, from: outcome.result.from, to: outcome.result.to };
      const folders = direction === 'upgrade' ? (project.layout.foldersAfterUpgrade ?? []) : [];
      delivery = { run, folder: held.folder, result: projectResult(project.layout.database, outcome.file, changes, folders, what, staging && ((from) => staging.blob(from)), databaseKept) };
    }
    return { ...outcome, run };
  }

  /** The last whole-project run's result, if `run` is still it. */
  function delivered(run: number): NonNullable<typeof delivery> {
    if (delivery?.run !== run) throw new Error(NOT_KEPT);
    return delivery;
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
      return engine.budgeted(() => open(file, folder && new Map(folder)));
    },

    /** The plan to `target` (any target Alembic accepts), up or down as needed, with its SQL. */
    plan(target: string): Promise<Reply<PlanView>> {
      return engine.budgeted(async () => {
        const migrator = await engine.migrator();
        // Planning only reads: the kept copy serves, and stays kept for the run.
        const copy = await session.keptCopy(migrator);
        return previewOf(migrator, project, copy, target, session.loaded().folder);
      });
    },

    upgrade(target: string, onProgress?: ProgressListener): Promise<Reply<Outcome>> {
      return engine.budgeted(() => migrate('upgrade', target, onProgress));
    },

    downgrade(target: string, onProgress?: ProgressListener): Promise<Reply<Outcome>> {
      return engine.budgeted(() => migrate('downgrade', target, onProgress));
    },

    /** The hashes of a run's input and output, once computed (after the run has answered). */
    hashes(run: number): Promise<Reply<Hashes>> {
      return reply(async () => {
        if (hashing?.run !== run) throw new Error("That run's hashes are no longer kept: a newer file or run replaced it.");
        hashing.hashes ??= hashRun(hashing.file, hashing.output, () => hashing?.run === run);
        return hashing.hashes;
      });
    },

    /** The upgraded project's database folder as a zip, for a whole-project run. */
    zip(run: number): Promise<Reply<Blob>> {
      return reply(async () => {
        const { folder, result } = delivered(run);
        // Where the run's files wait on disk, the zip is made there too, from there: memory holds a piece of it at a time.
        const kept = (await staged?.reader()) ?? null;
        try {
          return await zipProject(folder, result, await staged?.output(), kept);
        } finally {
          kept?.close();
        }
      });
    },

    /** Writes a whole-project run's result into the folder the user chose again (see writeBack). */
    writeBack(run: number, root: FileSystemDirectoryHandle): Promise<Reply<WrittenBack>> {
      return reply(async () => {
        const { folder, result } = delivered(run);
        return writeBack(root, folder, result);
      });
    },

    /**
     * Completes or undoes an upgrade in place that was interrupted in the folder the user chose
     * (its journal is there), as every CLI command does first; answers what it did, or null.
     */
    settle(root: FileSystemDirectoryHandle): Promise<Reply<string | null>> {
      return reply(async () => (await recoverInterrupted(handleFolder(root, root.name), booksBeside(project.layout.database), { host: null, pid: null }))?.sentence ?? null);
    },

    /**
     * Whether a whole-project run stages its files on disk here (OPFS), so that they need not
     * fit in memory, with room for `bytes` (what it may write and zip: about twice the project).
     */
    stagesOnDisk(bytes: number): Promise<boolean> {
      return canStageInBrowser(bytes);
    },

    /** Lets go of the last run's result and its staged files (the page is being left). */
    drop(): Promise<void> {
      hashing = null;
      return dropResult();
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
