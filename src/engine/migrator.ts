/**
 * The engine's front door: a Migrator bound to an opener (how to open a private copy of a
 * database) and a project (its chain, how to recognise its databases, its files). Callers
 * (the CLI, the page's worker, the tools) ask it to inspect, plan, run or record, and never
 * wire the runner by hand.
 */
import type { Db, DbFile, DbOpener, DbSource } from './db.ts';
import type { FinishingPlan, ProjectDefinition } from './project/definition.ts';
import { StagedFiles, type FolderSource } from './project/files.ts';
import { inspectDb, type Inspection } from './runtime/inspection.ts';
import { migrateCopy, migrateOpened, type MigrateOptions, type MigrateOutcome, type RunOutcome } from './runtime/migrate-copy.ts';
import { bytesSource, openCopy, openSource, type InputSource, type OpenedCopy } from './runtime/open-copy.ts';
import { reachesHeads, undoneWithoutFolder } from './runtime/project-work.ts';
import { stampSource, type StampOutcome } from './runtime/stamp-bytes.ts';
import { currentRevisions, directionBetween, plan, type Direction, type Plan } from './runtime/plan.ts';
import { run } from './runtime/runner.ts';
import { recordSteps, type RecordedStep } from './runtime/record.ts';

export class Migrator {
  constructor(
    readonly open: DbOpener,
    readonly project: ProjectDefinition,
  ) {}

  get chain() {
    return this.project.chain;
  }

  /** A checked private copy of the bytes; refuses damaged files and other projects' databases. */
  openCopy(bytes: Uint8Array): OpenedCopy {
    return openCopy(this.open, bytes, this.project);
  }

  /** Bytes in memory as a source for migrateSource and stampSource (see InputSource for handing them over). */
  sourceOf(input: Uint8Array | InputSource): DbSource {
    return bytesSource(this.open, input);
  }

  /** The same for a source that is not bytes in memory (a file an adapter copies and opens). */
  openSource(source: DbSource): OpenedCopy {
    return openSource(source, this.project);
  }

  /** What an opened copy holds, and the upgrade to the heads. */
  inspect(copy: OpenedCopy, sizeBytes: number): Inspection {
    return inspectDb(copy.db, this.project, sizeBytes, copy.notes);
  }

  /** Which way `target` lies from where the database is; null when it is there already. */
  directionTo(db: Db, target: string): Direction | null {
    const from = currentRevisions(db, this.chain);
    return directionBetween(this.chain, from, this.chain.resolveTarget(target, from));
  }

  /**
   * The plan to `target`, up or down as needed (an empty upgrade when already there); with
   * the project folder, the steps' words count what is in its files too.
   */
  plan(db: Db, target: string, folder: FolderSource | null = null): Plan {
    return plan(db, this.chain, this.directionTo(db, target) ?? 'upgrade', target, folder && new StagedFiles(folder));
  }

  /**
   * What the project's finishing work will do after a run of `thePlan` (only a run that
   * reaches the heads finishes), each with its title; `folder` null for the database alone.
   */
  finishingPlans(db: Db, thePlan: Plan, folder: FolderSource | null): { title: string; plan: FinishingPlan }[] {
    if (!reachesHeads(this.chain.heads, thePlan.to)) return [];
    const files = folder && new StagedFiles(folder);
    return (this.project.finishing ?? []).map((work) => ({ title: work.title, plan: work.describe(db, files) }));
  }

  /** What a run of `thePlan` on the database alone would leave undone, one sentence each. */
  leftUndone(db: Db, thePlan: Plan): string[] {
    return undoneWithoutFolder(db, this.project, thePlan.steps, reachesHeads(this.chain.heads, thePlan.to));
  }

  /** Runs on an opened copy (closing it); see migrateCopy for `untouched`. */
  run(copy: OpenedCopy, options: MigrateOptions, untouched: () => Uint8Array | null = () => null): MigrateOutcome {
    return migrateCopy(this.open, copy, untouched, this.project, options);
  }

  /** Opens, checks and runs in one go; the input is read through `source` (see InputSource). */
  migrate(source: Uint8Array | InputSource, options: MigrateOptions): MigrateOutcome {
    const input: InputSource = source instanceof Uint8Array ? { take: () => source, again: () => source } : source;
    return this.run(this.openCopy(input.take()), options, () => input.again());
  }

  /**
   * Opens, checks and runs a source; `finish` takes the checked result while it is open
   * (bytes from export(), or nothing where the caller renames the file into place).
   */
  migrateSource<T>(source: DbSource, options: MigrateOptions, finish: (db: DbFile) => T): RunOutcome & { readonly output: T } {
    return migrateOpened(openSource(source, this.project), source, this.project, options, finish);
  }

  /** Records `target` in a checked copy of the source without running migrations; see migrateSource for `finish`. */
  stampSource<T>(source: DbSource, target: string, finish: (db: DbFile) => T): Omit<StampOutcome, 'bytes'> & { readonly output: T } {
    return stampSource(source, this.project, target, finish);
  }

  /**
   * A new database, built by running the chain from nothing to `target`: open, and the
   * caller's to close. For the builders' and the tools' own scratch databases; a user's file
   * is never run on in place (see migrate, migrateSource).
   */
  build(target: string): DbFile {
    const db = this.open(null);
    try {
      if (target !== 'base') run(db, this.chain, plan(db, this.chain, 'upgrade', target, null, 'uncounted'));
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * The SQL each step from `from` to `to` runs, recorded by running the steps on a copy
   * with the schema of `db` and no rows (Alembic's --sql, done by the same runner).
   */
  record(db: Db | null, from: string, to: string): { direction: Direction | null; from: string[]; to: string[]; steps: RecordedStep[] } {
    return recordSteps(this.open, this.chain, db, from, to);
  }
}
