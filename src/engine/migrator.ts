/**
 * The engine's front door: a Migrator bound to an opener (how to open a private copy of a
 * database) and a project (its chain, how to recognise its databases, its files). Callers
 * (the CLI, the page's worker, the tools) ask it to inspect, plan, run or record, and never
 * wire the runner by hand.
 */
import type { Db, DbFile, DbOpener, DbSource } from './db.ts';
import type { ProjectDefinition } from './project/definition.ts';
import {
  inspectDb,
  migrateCopy,
  migrateOpened,
  openCopy,
  openSource,
  type InputSource,
  type Inspection,
  type MigrateOptions,
  type MigrateOutcome,
  type OpenedCopy,
  type RunOutcome,
} from './runtime/migrate-bytes.ts';
import { stampSource, type StampOutcome } from './runtime/stamp-bytes.ts';
import { currentRevisions, directionBetween, plan, type Direction, type Plan } from './runtime/runner.ts';
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

  /** The plan to `target`, up or down as needed (an empty upgrade when already there). */
  plan(db: Db, target: string): Plan {
    return plan(db, this.chain, this.directionTo(db, target) ?? 'upgrade', target);
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
   * The SQL each step from `from` to `to` runs, recorded by running the steps on a copy
   * with the schema of `db` and no rows (Alembic's --sql, done by the same runner).
   */
  record(db: Db | null, from: string, to: string): { direction: Direction | null; from: string[]; to: string[]; steps: RecordedStep[] } {
    return recordSteps(this.open, this.chain, db, from, to);
  }
}
