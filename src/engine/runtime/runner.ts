/**
 * The runner: runs a plan (plan.ts) one step per transaction, stamping alembic_version inside the same transaction as the step.
 * It runs on whatever Db it is given; callers hand it a private copy (see migrate-copy.ts),
 * so a failure part-way leaves the user's bytes untouched.
 */
import type { Db } from '../db.ts';
import { MigrateError, StepFailedError, type StepStatus } from '../errors.ts';
import { isOutOfMemory, OutOfMemoryError } from '../out-of-memory.ts';
import { Operations, type StepSink } from '../operations/operations.ts';
import type { Chain, ReadBackCount } from '../project/definition.ts';
import type { ProjectFiles } from '../project/files.ts';
import type { Direction, Plan, PlannedStep } from './plan.ts';
import { readVersions, stampStatements, VERSION_TABLE, VERSION_TABLE_DDL, versionTableName } from './version-table.ts';
import { assertVersionsAre, VersionTableMismatchError } from './version-check.ts';

export interface StepResult {
  readonly revision: string;
  readonly direction: Direction;
  readonly message: string;
  readonly status: 'applied';
  readonly durationMs: number;
  readonly rowsChanged: number;
  readonly notes: readonly string[];
  readonly statements: readonly string[];
  /** What the step read back of what it wrote into the project's files; [] for none. */
  readonly readBack: readonly ReadBackCount[];
}

export interface RunResult {
  readonly direction: Direction;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly steps: readonly StepResult[];
  readonly durationMs: number;
}

/**
 * The phases of a run, in order, as data: the page and the CLI only put words on them.
 * 'opened': a checked private copy is open; 'checked': the plan is made and the database's
 * own state is known; each step; 'finishing': the project's work on its files after the
 * chain; 'verified': the result passed its checks; 'exported': the new file's bytes exist.
 */
export type RunPhase = 'opened' | 'checked' | 'finishing' | 'verified' | 'exported';

export type ProgressEvent =
  | { readonly kind: 'phase'; readonly phase: RunPhase }
  /** `step` is from the run's own plan: its words that read the database are not counted (see PlanWords). */
  | { readonly kind: 'step-start'; readonly index: number; readonly total: number; readonly step: PlannedStep }
  | { readonly kind: 'step-done'; readonly index: number; readonly total: number; readonly result: StepResult };

export interface RunOptions {
  readonly onProgress?: (event: ProgressEvent) => void;
  /** The project's files beside the database, staged; null or absent for the database alone. */
  readonly files?: ProjectFiles | null;
  /**
   * The database's folder inside the project folder, where copies a revision keeps of
   * the database go; with `keepCopy`, which stages a copy of the database as it is between
   * steps at a path of the project folder (bytes, or a file the caller keeps).
   */
  readonly databaseDir?: string;
  readonly keepCopy?: (path: string) => void;
}

function totalChanges(db: Db): number {
  return Number(db.query('SELECT total_changes() AS n')[0]!.n);
}

function foreignKeysOn(db: Db): boolean {
  return Number(db.query('PRAGMA foreign_keys')[0]?.foreign_keys ?? 0) === 1;
}

class StepRecorder implements StepSink {
  readonly statements: string[] = [];
  readonly notes: string[] = [];
  readonly readBacks: ReadBackCount[] = [];
  vacuum = false;
  lastStatement: string | null = null;

  constructor(
    readonly db: Db,
    readonly files: ProjectFiles | null,
  ) {}

  execute(sql: string): void {
    this.lastStatement = sql;
    this.db.exec(sql);
    this.statements.push(sql);
  }

  note(message: string): void {
    this.notes.push(message);
  }

  readBack(count: ReadBackCount): void {
    this.readBacks.push(count);
  }

  vacuumAfterCommit(): void {
    this.vacuum = true;
  }
}

function rollback(db: Db): void {
  try {
    db.exec('ROLLBACK');
  } catch {
    // SQLite already rolled back (some errors end the transaction themselves).
  }
}

/** A copy of the database as it is now, kept among the project's files where a revision asks. */
function keepDatabaseCopy(db: Db, name: string, options: RunOptions, fkWasOn: boolean): void {
  if (!options.files || !options.keepCopy) return;
  const dir = options.databaseDir ? `${options.databaseDir}/` : '';
  options.keepCopy(`${dir}${name}`);
  // Taking the bytes may reopen the database (sql.js does), which resets foreign_keys.
  if (fkWasOn) db.exec('PRAGMA foreign_keys = OFF');
}

function runStep(db: Db, chain: Chain, step: PlannedStep, heads: string[], options: RunOptions, fkWasOn: boolean): { result: StepResult; heads: string[] } {
  const script = chain.get(step.revision);
  if (step.direction === 'upgrade' && script.keepsDatabaseCopy) keepDatabaseCopy(db, script.keepsDatabaseCopy, options, fkWasOn);
  const recorder = new StepRecorder(db, options.files ?? null);
  const started = performance.now();
  const changesBefore = totalChanges(db);
  const after = chain.headsAfter(heads, step.revision, step.direction);
  let rowsChanged = 0;
  db.exec('BEGIN');
  recorder.statements.push('BEGIN');
  try {
    const op = new Operations(recorder);
    if (step.direction === 'upgrade') script.upgrade(op);
    else script.downgrade(op);
    // Rows the migration itself changed; the alembic_version stamp is not the user's data.
    rowsChanged = totalChanges(db) - changesBefore;
    for (const sql of stampStatements(heads, after)) recorder.execute(sql);
    assertVersionsAre(db, versionTableName(db) ?? VERSION_TABLE, after);
    recorder.execute('COMMIT');
    if (recorder.vacuum) recorder.execute('VACUUM');
  } catch (error) {
    rollback(db);
    if (error instanceof VersionTableMismatchError) throw error;
    // A revision's refusal of what the project holds (checked before it changes anything, in
    // its own words) is that sentence, not a step that failed.
    if (error instanceof MigrateError && error.code === 'CHECK_FAILED') throw error;
    const cause = error instanceof Error ? error.message : String(error);
    // Running out of memory says nothing about the step: it is its own error, not a failure.
    if (isOutOfMemory(error)) throw new OutOfMemoryError(`${step.revision}: ${error instanceof MigrateError ? String(error.data.detail ?? cause) : cause}`);
    const statement = error instanceof MigrateError ? null : recorder.lastStatement;
    throw new StepFailedError(step.revision, step.direction, statement, cause, error);
  }
  return {
    heads: after,
    result: {
      revision: step.revision,
      direction: step.direction,
      message: step.message,
      status: 'applied',
      durationMs: performance.now() - started,
      rowsChanged,
      notes: recorder.notes,
      statements: recorder.statements,
      readBack: recorder.readBacks,
    },
  };
}

/** Runs a plan made by `plan()` against `db` (which the caller has made a private copy of). */
export function run(db: Db, chain: Chain, thePlan: Plan, options: RunOptions = {}): RunResult {
  const started = performance.now();
  const fkWasOn = foreignKeysOn(db);
  // Step 1 of SQLite's rebuild procedure, and Alembic's own setting: foreign keys are not
  // enforced while migrating (they cannot be switched inside a transaction).
  if (fkWasOn) db.exec('PRAGMA foreign_keys = OFF');
  try {
    if (thePlan.steps.length && versionTableName(db) === null) db.exec(VERSION_TABLE_DDL);
    let heads = [...thePlan.from];
    const results: StepResult[] = [];
    const total = thePlan.steps.length;
    for (const [index, step] of thePlan.steps.entries()) {
      options.onProgress?.({ kind: 'step-start', index, total, step });
      try {
        const { result, heads: next } = runStep(db, chain, step, heads, options, fkWasOn);
        heads = next;
        results.push(result);
      } catch (error) {
        throw error instanceof StepFailedError ? error.inRun(statusesAt(thePlan.steps, index)) : error;
      }
      options.onProgress?.({ kind: 'step-done', index, total, result: results[index]! });
    }
    return { direction: thePlan.direction, from: thePlan.from, to: heads, steps: results, durationMs: performance.now() - started };
  } finally {
    if (fkWasOn) db.exec('PRAGMA foreign_keys = ON');
  }
}

/** Every step of a plan with where it ended when the step at `failed` failed (see StepStatus). */
function statusesAt(steps: readonly PlannedStep[], failed: number): StepStatus[] {
  return steps.map((step, index) => ({
    revision: step.revision,
    direction: step.direction,
    status: index < failed ? 'applied' : index === failed ? 'failed' : 'not-run',
  }));
}

/** Records `target` as the database's revision(s) without running any migration. */
export function stamp(db: Db, chain: Chain, target: string): { from: string[]; to: string[] } {
  const from = readVersions(db);
  const known = from.filter((r) => chain.has(r));
  const to = chain.resolveTarget(target, known.length === from.length ? known : []);
  db.exec('BEGIN');
  try {
    if (versionTableName(db) === null) db.exec(VERSION_TABLE_DDL);
    for (const sql of stampStatements(from, to)) db.exec(sql);
    assertVersionsAre(db, versionTableName(db) ?? VERSION_TABLE, to);
    db.exec('COMMIT');
  } catch (error) {
    rollback(db);
    throw error;
  }
  return { from, to };
}
