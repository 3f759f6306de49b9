/**
 * The engine's front door for a run on one database: a private copy of the input, checked,
 * planned, run, its result checked and handed back (as bytes, or as the copy the caller keeps).
 * The caller's bytes are never written to, and on any failure nothing is returned but a
 * typed error.
 */
import type { DbFile, DbOpener, DbSource } from '../db.ts';
import { CheckFailedError, StepFailedError } from '../errors.ts';
import type { FinishingReport, ProjectDefinition, ReadBackCount } from '../project/definition.ts';
import { StagedFiles, type FileChange, type FileKeeper, type FolderSource } from '../project/files.ts';
import { uncheckedForeignKeysNote } from './foreign-key-check.ts';
import { bytesSource, classifySqliteError, damageIn, openSource, type InputSource, type OpenedCopy } from './open-copy.ts';
import { finishProject, reachesHeads, undoneWithoutFolder } from './project-work.ts';
import { gatherReadBack, readBackCounts } from './read-back.ts';
import { checkHere, inputFacts, type CheckReport, type TableCount } from './result-checks.ts';
import { plan, type Direction } from './plan.ts';
import { run, type RunOptions, type RunResult } from './runner.ts';

/** The opening notes, and what the checks have to say (constraints they left out). */
export function notesWithChecks(notes: readonly string[], checks: CheckReport): string[] {
  const unchecked = uncheckedForeignKeysNote(checks.uncheckedForeignKeys);
  return unchecked ? [...notes, unchecked] : [...notes];
}

export interface MigrateOptions extends Pick<RunOptions, 'onProgress'> {
  readonly direction: Direction;
  /** Any target Alembic accepts; default "head" for upgrades. */
  readonly target?: string;
  /**
   * The project folder beside the database, for a whole-project run: revisions and the
   * project's finishing work then change its files too (staged, returned as `files`).
   */
  readonly folder?: FolderSource;
  /** Where the run keeps the files it writes into the folder; in memory without one. */
  readonly keepFiles?: FileKeeper;
}

/** What a run did, however its result is delivered (bytes, or a file the caller keeps). */
export interface RunOutcome {
  readonly result: RunResult;
  readonly before: readonly TableCount[];
  readonly after: readonly TableCount[];
  readonly checks: CheckReport;
  readonly notes: readonly string[];
  /** What the run did to the project's other files; [] for the database alone. */
  readonly files: readonly FileChange[];
  /** What the project's finishing work did and warns of, one sentence each. */
  readonly finished: FinishingReport;
  /** What the run read back of what it wrote, by kind, with the words for it (checks.readBack has the counts). */
  readonly readBack: readonly ReadBackCount[];
  /**
   * For a run on the database alone: what it left undone that a whole-project run would
   * have done (files revisions change, the finishing work), one sentence each.
   */
  readonly leftUndone: readonly string[];
}

export interface MigrateOutcome extends RunOutcome {
  /** The new database file's bytes. */
  readonly bytes: Uint8Array;
}


/** Upgrades or downgrades a private copy of the input; returns the new file's bytes. */
export function migrateBytes(open: DbOpener, input: Uint8Array | InputSource, project: ProjectDefinition, options: MigrateOptions): MigrateOutcome {
  const source = bytesSource(open, input);
  return withBytes(migrateOpened(openSource(source, project), source, project, options, exportBytes));
}

/**
 * The same on a copy that openCopy opened and checked, and that nothing has written to
 * since: for callers that inspected the copy first (the page keeps the copy it showed the
 * plan of, so the run neither reads nor checks the file a second time). Closes the copy.
 * `untouched` gives the input again for the after-failure check, or null.
 */
export function migrateCopy(
  open: DbOpener,
  copy: OpenedCopy,
  untouched: () => Uint8Array | null,
  project: ProjectDefinition,
  options: MigrateOptions,
): MigrateOutcome {
  const again = { openUntouched: () => { const bytes = untouched(); return bytes && open(bytes); } };
  return withBytes(migrateOpened(copy, again, project, options, exportBytes));
}

const exportBytes = (db: DbFile) => db.export();

function withBytes({ output, ...outcome }: RunOutcome & { output: Uint8Array }): MigrateOutcome {
  return { ...outcome, bytes: output };
}

/**
 * The run itself, on a copy opened from `source` (openSource) and closed here. The result
 * is the copy: `finish` takes it, while it is still open and checked, as the caller needs it
 * (sql.js's bytes; nothing for a file the caller renames into place), and what it returns is
 * the outcome's `output`.
 */
export function migrateOpened<T>(
  copy: OpenedCopy,
  source: Pick<DbSource, 'openUntouched' | 'keepCopy' | 'before' | 'checkResult'>,
  project: ProjectDefinition,
  options: MigrateOptions,
  finish: (db: DbFile) => T,
): RunOutcome & { readonly output: T } {
  const { db, notes } = copy;
  const { chain } = project;
  const progress = options.onProgress;
  try {
    const target = options.target ?? (options.direction === 'upgrade' ? 'heads' : 'base');
    // The run needs the steps only: their words were counted for the plan people read.
    const thePlan = plan(db, chain, options.direction, target, null, 'uncounted');
    // Counted here, on the copy before any step, unless the source reads them from the input.
    const factsHere = source.before ? null : inputFacts(db);
    progress?.({ kind: 'phase', phase: 'checked' });
    const files = options.folder ? new StagedFiles(options.folder, options.keepFiles ?? null) : null;
    const databaseDir = project.layout.database.split('/').slice(0, -1).join('/');
    const keepCopy = files
      ? (path: string) => (source.keepCopy ? files.place(path, source.keepCopy(db, path)) : files.writeOwned(path, db.export()))
      : undefined;
    const result = run(db, chain, thePlan, { onProgress: progress, files, databaseDir, keepCopy });
    const atHeads = reachesHeads(chain.heads, result.to);
    const finished = files && atHeads ? finishProject(db, project, files, progress) : { done: [], warnings: [] };
    const leftUndone = files ? [] : undoneWithoutFolder(db, project, result.steps, atHeads);
    const readBack = gatherReadBack(result.steps, finished);
    const { tables: before, foreignKeys: violationsBefore } = factsHere ?? source.before!();
    const checked = (source.checkResult ?? checkHere)(db, violationsBefore);
    const checks: CheckReport = { ...checked.checks, readBack: readBackCounts(readBack) };
    const after = checked.after;
    progress?.({ kind: 'phase', phase: 'verified' });
    const output = finish(db);
    progress?.({ kind: 'phase', phase: 'exported' });
    return { output, result, before, after, checks, notes: notesWithChecks(notes, checks), files: files?.changes() ?? [], finished, readBack, leftUndone };
  } catch (error) {
    const classified = classifySqliteError(error, project.databaseHint);
    if (classified instanceof StepFailedError || classified instanceof CheckFailedError) {
      throw damageIn(() => source.openUntouched()) || classified;
    }
    throw classified;
  } finally {
    db.close();
  }
}
