/**
 * The engine's front door for files: open a private copy of the bytes, check it, plan, run,
 * check the result, export. The caller's bytes are never written to, and on any failure
 * nothing is returned but a typed error.
 */
import type { Db, DbFile, DbOpener, DbSource } from '../db.ts';
import { CheckFailedError, MigrateError, StepFailedError } from '../errors.ts';
import { isOutOfMemory, OutOfMemoryError } from '../out-of-memory.ts';
import { oneLine } from '../printable.ts';
import type { DbState, FinishingReport, ProjectDefinition, ReadBackCount } from '../project/definition.ts';
import { StagedFiles, type FileChange, type FileKeeper, type FolderSource } from '../project/files.ts';
import { printable } from '../printable.ts';
import { tableNames } from '../schema/introspect.ts';
import { plan, run, type Direction, type Plan, type RunOptions, type RunResult } from './runner.ts';
import { gatherReadBack, readBackCounts } from './read-back.ts';
import { sniffSqlite } from './sniff.ts';
import { missingModuleError } from './sqlite-modules.ts';
import { uncheckedForeignKeysNote } from './foreign-key-check.ts';
import { checkHere, countRows, findingsOf, inputFacts, ranOutOfMemory, type CheckReport, type TableCount } from './result-checks.ts';
export { checkResult, countRows, type CheckReport, type TableCount } from './result-checks.ts';
import { isVersionTable, versionTableName } from './version-table.ts';

export interface Inspection {
  readonly sizeBytes: number;
  /** Revisions recorded in alembic_version ([] at base or without the table). */
  readonly revisions: readonly string[];
  readonly hasVersionTable: boolean;
  /** Where the database is, before words are put on it. */
  readonly state: DbState;
  /** Which release of the project wrote the file, in the project's words. */
  readonly release: string;
  readonly tables: readonly TableCount[];
  /** The chain's heads (several when it has branched). */
  readonly heads: readonly string[];
  readonly atHead: boolean;
  /** The upgrade to head, step by step, with warnings. */
  readonly plan: Plan;
  readonly notes: readonly string[];
}

/** A private, checked copy of a database, open, and what was noticed opening it. */
export interface OpenedCopy {
  readonly db: DbFile;
  readonly notes: readonly string[];
}

/**
 * Opens a checked private copy of one of the project's databases (or an empty one): every
 * caller, from `current` to the page, must refuse a damaged or foreign file before reading
 * anything from it. WAL-mode files are opened as rollback-journal files.
 */
export function openCopy(open: DbOpener, bytes: Uint8Array, project: ProjectDefinition): OpenedCopy {
  return openSource(bytesSource(open, bytes), project);
}

/** The same for a source that is not bytes in memory (a file; see DbSource). */
export function openSource(source: DbSource, project: ProjectDefinition): OpenedCopy {
  const header = sniffSqlite(source.head, project.databaseHint, source.size);
  const notes: string[] = [];
  if (header.wal) {
    // A lone WAL-mode file (no -wal beside it) holds every committed change; switching the
    // header to rollback mode lets SQLite open it without shared memory. Only the copy changes.
    const name = project.layout.database.split('/').pop();
    notes.push(`The file was in write-ahead-log (WAL) mode. If an ${name}-wal file lies beside it, close ${project.name} first so that its changes are written into ${name}, then open it again.`);
  }
  const db = openSafely(() => source.openCopy(header.wal), project);
  try {
    if (!source.inputChecked) quickCheck(db, project);
    // Refuses a version table that is a view, before anything reads or runs.
    versionTableName(db);
    assertRecognised(db, project);
    return { db, notes };
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Bytes as a DbSource. `take` hands them over once (see InputSource); `again` (or the same
 * bytes) serve the after-failure check.
 */
export function bytesSource(open: DbOpener, input: Uint8Array | InputSource): DbSource {
  const source: InputSource = input instanceof Uint8Array ? { take: () => input, again: () => input } : input;
  const bytes = source.take();
  return {
    size: bytes.length,
    head: bytes.subarray(0, 512),
    openCopy(rollbackJournal) {
      if (!rollbackJournal) return open(bytes);
      const copy = bytes.slice();
      copy[18] = 1;
      copy[19] = 1;
      return open(copy);
    },
    openUntouched() {
      const again = source.again();
      return again && open(again);
    },
  };
}

function openSafely(open: () => DbFile, project: ProjectDefinition): DbFile {
  try {
    return open();
  } catch (error) {
    throw classifySqliteError(error, project.databaseHint);
  }
}

/**
 * Maps SQLite's own messages for broken files onto the engine's codes. sql.js reports every
 * SQLite failure as a plain Error; anything else (a TypeError, a wasm trap) is a bug in this
 * code or in SQLite, and is passed on as it is rather than blamed on the user's file.
 */
export function classifySqliteError(error: unknown, databaseHint = 'choose the database file itself'): unknown {
  if (error instanceof MigrateError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isOutOfMemory(error)) return new OutOfMemoryError(message);
  // The system refused a file (permission, a full disk): that says nothing about the database.
  const system = error as { code?: unknown; syscall?: unknown };
  if (typeof system.code === 'string' && typeof system.syscall === 'string') {
    return new MigrateError('IO', `A file could not be opened or written (${oneLine(message)}); nothing was written.`, { detail: message, errno: system.code });
  }
  if (!(error instanceof Error) || error.constructor !== Error) return error;
  const missingModule = missingModuleError(message);
  if (missingModule) return missingModule;
  if (/not a database|file is encrypted/i.test(message)) {
    return new MigrateError('NOT_SQLITE', `This file is not a readable SQLite database: its first page is not what SQLite writes; ${databaseHint}.`, { detail: message });
  }
  return new MigrateError('DAMAGED', `The database is damaged (SQLite says: ${oneLine(message)}), so it is not upgraded. Use a backup copy of it.`, { detail: message });
}

function damaged(finding: string): MigrateError {
  return new MigrateError('DAMAGED', `The database is damaged, so it is not upgraded (SQLite's check found: ${finding}). Use a backup copy of it.`, { detail: finding });
}

/**
 * openSource's check of the input (quick_check, and the schema read), made by a source on the
 * input itself before openSource runs (see DbSource.inputChecked): `open` opens the untouched
 * input, read-only. The same refusals as openSource's, in the same words.
 */
export function checkInputIntact(open: () => DbFile, project: ProjectDefinition): void {
  const db = openSafely(open, project);
  try {
    quickCheck(db, project);
  } finally {
    db.close();
  }
}

function quickCheck(db: Db, project: ProjectDefinition): void {
  let finding: string | null;
  try {
    finding = findingsOf(db, 'PRAGMA quick_check(1)');
    // Reading the schema is what fails on a damaged sqlite_master; make it happen here.
    tableNames(db);
  } catch (error) {
    throw classifySqliteError(error, project.databaseHint);
  }
  if (finding === null) return;
  if (ranOutOfMemory(finding)) throw new OutOfMemoryError(finding);
  throw damaged(finding);
}

/** Refuses SQLite files that are not the project's (other tables, no version table). */
function assertRecognised(db: Db, project: ProjectDefinition): void {
  const names = tableNames(db);
  if (names.length && !names.some(isVersionTable) && !project.recognise(names)) {
    throw new MigrateError(
      'NOT_PROJECT_DB',
      `This is a SQLite database, but not ${project.name}'s: it has none of ${project.name}'s tables (it has ${names.slice(0, 5).map((n) => printable(n, 40)).join(', ')}${names.length > 5 ? ', ...' : ''}).`,
      { tables: names, project: project.name },
    );
  }
}

/** Where the database is, from its tables and recorded revisions. */
export function stateOf(db: Db, revisions: readonly string[]): DbState {
  const names = tableNames(db);
  if (!names.some(isVersionTable)) return names.length ? { kind: 'unversioned' } : { kind: 'empty' };
  return revisions.length ? { kind: 'at', revisions } : { kind: 'base' };
}

/**
 * What an opened copy (from openCopy) holds and what an upgrade to head would do; for callers
 * that read more from the same copy before closing it (the page's SQL preview).
 */
export function inspectDb(db: Db, project: ProjectDefinition, sizeBytes: number, notes: readonly string[] = []): Inspection {
  try {
    const thePlan = plan(db, project.chain, 'upgrade', 'heads');
    const revisions = thePlan.from;
    const hasVersionTable = versionTableName(db) !== null;
    const state = stateOf(db, revisions);
    return {
      sizeBytes,
      revisions,
      hasVersionTable,
      state,
      release: project.releaseOf(state),
      tables: countRows(db),
      heads: project.chain.heads,
      atHead: thePlan.steps.length === 0 && hasVersionTable,
      plan: thePlan,
      notes,
    };
  } catch (error) {
    throw classifySqliteError(error, project.databaseHint);
  }
}

export function inspectBytes(open: DbOpener, bytes: Uint8Array, project: ProjectDefinition): Inspection {
  const { db, notes } = openCopy(open, bytes, project);
  try {
    return inspectDb(db, project, bytes.length, notes);
  } finally {
    db.close();
  }
}

/** The opening notes, and what the checks have to say (constraints they left out). */
export function notesWithChecks(notes: readonly string[], checks: CheckReport): string[] {
  const unchecked = uncheckedForeignKeysNote(checks.uncheckedForeignKeys);
  return unchecked ? [...notes, unchecked] : [...notes];
}

/**
 * quick_check before the run skips what only the full check sees (index entries that do
 * not match their rows, NOT NULL columns holding NULL). When a step or the final check then
 * fails, the full check on the untouched input tells whether the file was damaged already,
 * which is what the user needs to hear, rather than that the upgrade broke it.
 */
export function damageFoundLater(open: DbOpener, bytes: Uint8Array): MigrateError | null {
  return damageIn(() => open(bytes));
}

/** The same on the untouched input as a source opens it again; null when it cannot. */
export function damageIn(openUntouched: () => DbFile | null): MigrateError | null {
  let db: DbFile | null = null;
  try {
    db = openUntouched();
    if (!db) return null;
    const finding = findingsOf(db, 'PRAGMA integrity_check(3)');
    return finding === null || ranOutOfMemory(finding) ? null : damaged(finding);
  } catch {
    return null;
  } finally {
    db?.close();
  }
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

/**
 * A run's input for callers that want the engine to let go of it: `take` hands the bytes
 * over once (sql.js may keep them as its working file and drop them when it reallocates, so
 * nothing else should hold them through the run), and `again` gives the untouched input a
 * second time, only for the after-failure check (null when it cannot be had).
 */
export interface InputSource {
  take(): Uint8Array;
  again(): Uint8Array | null;
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
    const { tables: before, foreignKeys: violationsBefore } = source.before ?? inputFacts(db);
    progress?.({ kind: 'phase', phase: 'checked' });
    const files = options.folder ? new StagedFiles(options.folder, options.keepFiles ?? null) : null;
    const databaseDir = project.layout.database.split('/').slice(0, -1).join('/');
    const keepCopy = files
      ? (path: string) => (source.keepCopy ? files.place(path, source.keepCopy(db, path)) : files.write(path, db.export()))
      : undefined;
    const result = run(db, chain, thePlan, { onProgress: progress, files, databaseDir, keepCopy });
    const atHeads = reachesHeads(chain.heads, result.to);
    const finished = files && atHeads ? finishProject(db, project, files, progress) : { done: [], warnings: [] };
    const leftUndone = files ? [] : undoneWithoutFolder(db, project, result.steps, atHeads);
    const readBack = gatherReadBack(result.steps, finished);
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

/**
 * What a database-only run of these steps does not do that a whole-project run would: the
 * files revisions change, and (when the run reaches the heads) the finishing work.
 */
export function undoneWithoutFolder(
  db: Db,
  project: ProjectDefinition,
  steps: readonly { readonly revision: string; readonly direction: Direction }[],
  atHeads: boolean,
): string[] {
  const out: string[] = [];
  const skipped = steps.filter((s) => s.direction === 'upgrade' && project.chain.get(s.revision).changesProjectFiles);
  if (skipped.length) {
    const files = [...new Set(skipped.map((s) => project.chain.get(s.revision).changesProjectFiles))].join(' and ');
    out.push(`${skipped.length === 1 ? 'Revision' : 'Revisions'} ${skipped.map((s) => s.revision).join(', ')} also ${skipped.length === 1 ? 'changes' : 'change'} ${files}, which a run on the database alone leaves as it is.`);
  }
  if (atHeads) {
    for (const work of project.finishing ?? []) {
      const undone = work.describe(db, null).leftUndoneWithoutFolder;
      if (undone) out.push(undone);
    }
  }
  return out;
}

export function reachesHeads(heads: readonly string[], at: readonly string[]): boolean {
  return heads.length === at.length && heads.every((h) => at.includes(h));
}

/**
 * The project's work on its folder after the chain reached the heads, each in its own
 * transaction: a failure rolls the database back and, the files being staged, changes nothing.
 */
function finishProject(db: Db, project: ProjectDefinition, files: StagedFiles, progress: MigrateOptions['onProgress']): FinishingReport {
  const works = project.finishing ?? [];
  const done: string[] = [];
  const warnings: string[] = [];
  const readBack: ReadBackCount[] = [];
  if (!works.length) return { done, warnings };
  progress?.({ kind: 'phase', phase: 'finishing' });
  for (const work of works) {
    db.exec('BEGIN');
    try {
      const report = work.run(db, files);
      done.push(...report.done);
      warnings.push(...report.warnings);
      readBack.push(...(report.readBack ?? []));
      db.exec('COMMIT');
    } catch (error) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // SQLite already rolled back.
      }
      if (error instanceof MigrateError || isOutOfMemory(error)) throw error;
      throw new MigrateError('FINISHING_FAILED', `${work.title} failed: ${oneLine(error instanceof Error ? error.message : String(error))}. Nothing was written.`, { work: work.title });
    }
  }
  return { done, warnings, readBack };
}
