/**
 * Every failure the engine reports is a MigrateError with a stable `code`, a plain-language
 * `message` and the data a caller needs to act on it. Errors cross worker boundaries as
 * plain ErrorInfo objects (structured clone drops class identity and custom fields), and
 * `errorFromInfo` (error-transport.ts) rebuilds the class on the other side; running out of
 * memory has its own module (out-of-memory.ts). Text from a file or an argument is
 * quoted through printable() (`shown`), so no sentence carries terminal escapes or a megabyte.
 */
import { oneLine, printable } from './printable.ts';

/** A revision id, target or name as a sentence quotes it. */
const shown = (text: string): string => printable(text, 40);
const shownAll = (texts: readonly string[], max = 6): string =>
  texts.slice(0, max).map(shown).join(', ') + (texts.length > max ? `, … (${texts.length} in all)` : '');

/** The engine's own codes; the CLI, the tools and the page add theirs (a code is a string). */
export type EngineErrorCode =
  // revision graph
  | 'UNKNOWN_REVISION'
  | 'AMBIGUOUS_REVISION'
  | 'MULTIPLE_HEADS'
  | 'REVISION_CYCLE'
  | 'DUPLICATE_REVISION'
  | 'MISSING_DOWN_REVISION'
  | 'INVALID_TARGET'
  // the database
  | 'UNKNOWN_DB_REVISION'
  | 'SEVERAL_DB_HEADS'
  | 'DUPLICATE_DB_REVISION'
  | 'VERSION_TABLE_MISMATCH'
  | 'VERSION_TABLE_IS_VIEW'
  | 'EMPTY_FILE'
  | 'NOT_SQLITE'
  | 'TRUNCATED'
  | 'TRAILING_BYTES'
  | 'MISSING_SQLITE_MODULE'
  | 'DAMAGED'
  | 'WAL_MODE'
  | 'HOT_JOURNAL'
  | 'NOT_PROJECT_DB'
  | 'CHECK_FAILED'
  | 'READ_BACK_MISMATCH'
  // running
  | 'STEP_FAILED'
  | 'FINISHING_FAILED'
  | 'CANCELLED'
  | 'OUT_OF_MEMORY'
  | 'NOT_IMPLEMENTED'
  | 'INVALID_OPERATION'
  // a bug: anything thrown that is not a MigrateError
  | 'INTERNAL';

/** Any layer's code: the engine's, or one a caller defines (USAGE, OUTPUT_EXISTS, ...). */
export type ErrorCode = EngineErrorCode | (string & {});

export interface ErrorInfo {
  readonly name: string;
  readonly code: ErrorCode;
  readonly message: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** Where an unexpected error (INTERNAL) was thrown, for --debug and bug reports. */
  readonly stack?: string;
}

export class MigrateError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly data: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'MigrateError';
  }

  toInfo(): ErrorInfo {
    return { name: this.name, code: this.code, message: this.message, data: this.data, ...(this.stack ? { stack: this.stack } : {}) };
  }
}

export class UnknownRevisionError extends MigrateError {
  constructor(readonly revision: string) {
    super('UNKNOWN_REVISION', `No revision "${shown(revision)}" is known to this build.`, { revision });
    this.name = 'UnknownRevisionError';
  }
}

export class AmbiguousRevisionError extends MigrateError {
  constructor(
    readonly prefix: string,
    readonly candidates: readonly string[],
  ) {
    super(
      'AMBIGUOUS_REVISION',
      `"${shown(prefix)}" could be any of ${shownAll(candidates)}; give more characters of the revision id.`,
      { prefix, candidates },
    );
    this.name = 'AmbiguousRevisionError';
  }
}

export class MultipleHeadsError extends MigrateError {
  constructor(
    readonly heads: readonly string[],
    readonly target = 'head',
  ) {
    super(
      'MULTIPLE_HEADS',
      `The revision chain has several heads (${shownAll(heads)}), so "${shown(target)}" is ambiguous; name one revision, use "heads", or merge them.`,
      { heads, target },
    );
    this.name = 'MultipleHeadsError';
  }
}

export class RevisionCycleError extends MigrateError {
  constructor(readonly revisions: readonly string[]) {
    super('REVISION_CYCLE', `The revisions ${revisions.slice(0, 6).map(shown).join(' -> ')}${revisions.length > 6 ? ' -> …' : ''} form a cycle.`, { revisions });
    this.name = 'RevisionCycleError';
  }
}

export class DuplicateRevisionError extends MigrateError {
  constructor(readonly revision: string) {
    super('DUPLICATE_REVISION', `Revision "${shown(revision)}" is defined twice.`, { revision });
    this.name = 'DuplicateRevisionError';
  }
}

export class MissingDownRevisionError extends MigrateError {
  constructor(
    readonly revision: string,
    readonly downRevision: string,
  ) {
    super(
      'MISSING_DOWN_REVISION',
      `Revision "${shown(revision)}" revises "${shown(downRevision)}", which is not in the chain.`,
      { revision, downRevision },
    );
    this.name = 'MissingDownRevisionError';
  }
}

export class InvalidTargetError extends MigrateError {
  constructor(
    readonly target: string,
    reason: string,
  ) {
    super('INVALID_TARGET', `Cannot go to "${shown(target)}": ${oneLine(reason)}`, { target, reason });
    this.name = 'InvalidTargetError';
  }
}

export class UnknownDbRevisionError extends MigrateError {
  constructor(readonly revisions: readonly string[]) {
    super(
      'UNKNOWN_DB_REVISION',
      `This database is at revision ${shownAll(revisions, 3)}, which this build does not know: it was probably written by a newer release than this build knows. Update this tool.`,
      { revisions },
    );
    this.name = 'UnknownDbRevisionError';
  }
}

export class SeveralDbHeadsError extends MigrateError {
  constructor(readonly revisions: readonly string[]) {
    super(
      'SEVERAL_DB_HEADS',
      `The database records several current revisions (${shownAll(revisions, 3)}), and one of them comes after another, so they cannot all be current: alembic_version was changed by hand or by another tool. The file is not upgraded; record the right revision with the stamp command.`,
      { revisions },
    );
    this.name = 'SeveralDbHeadsError';
  }
}

/**
 * Where one planned step of a run ended, as Kysely's Migrator reports it: applied (on the
 * run's private copy), failed, or not run. A failed run's copy is discarded, so "applied"
 * there says how far the run got, not that anything was written.
 */
export interface StepStatus {
  readonly revision: string;
  readonly direction: 'upgrade' | 'downgrade';
  readonly status: 'applied' | 'failed' | 'not-run';
}

export class StepFailedError extends MigrateError {
  constructor(
    readonly revision: string,
    readonly direction: 'upgrade' | 'downgrade',
    readonly statement: string | null,
    readonly reason: string,
    /** What the step threw, kept for --debug and bug reports (it does not cross a worker). */
    original?: unknown,
    /** Every step of the run's plan with where it ended; [] when the failing step was run alone. */
    readonly steps: readonly StepStatus[] = [],
  ) {
    super(
      'STEP_FAILED',
      `The ${direction} step ${shown(revision)} failed${statement ? ` at "${oneLine(statement)}"` : ''}: ${oneLine(reason).replace(/\.+$/, '')}. Nothing was written.`,
      { revision, direction, statement, reason, steps },
    );
    this.name = 'StepFailedError';
    if (original !== undefined) this.cause = original;
  }

  /** The same failure, told where every step of the run's plan ended. */
  inRun(steps: readonly StepStatus[]): StepFailedError {
    return new StepFailedError(this.revision, this.direction, this.statement, this.reason, this.cause, steps);
  }
}

export class CheckFailedError extends MigrateError {
  constructor(
    readonly check: string,
    readonly detail: string,
  ) {
    super(
      'CHECK_FAILED',
      `The upgraded copy failed ${check} (${oneLine(detail)}), so it is not handed out. Your file is unchanged.`,
      { check, detail },
    );
    this.name = 'CheckFailedError';
  }
}

/**
 * A file the run wrote, read back through the project's own readers, does not hold what was
 * meant to be written there: a fault of the writer, never of the user's files. `detail` names
 * the file and the value (experiment and label, commit and key).
 */
export class ReadBackError extends MigrateError {
  constructor(
    readonly file: string,
    readonly detail: string,
    data: Readonly<Record<string, unknown>> = {},
  ) {
    super(
      'READ_BACK_MISMATCH',
      `${detail.replace(/\.+$/, '')}. Nothing was written; this is a fault of this tool, not of your files: please report it.`,
      { file, detail, ...data },
    );
    this.name = 'ReadBackError';
  }
}

/** The person stopped the run (the page's Cancel, Ctrl-C on the command line). */
export class CancelledError extends MigrateError {
  constructor() {
    super('CANCELLED', 'Stopped. Nothing was written; your file is unchanged.');
    this.name = 'CancelledError';
  }
}

/** A migration asked for something the schema does not allow (no such column, ...). */
export class InvalidOperationError extends MigrateError {
  constructor(message: string) {
    super('INVALID_OPERATION', message);
    this.name = 'InvalidOperationError';
  }
}

/**
 * Something this code did not expect: a bug here or in a library, never the user's file.
 * It keeps what was thrown (as `cause`) and its stack, so that --debug can show where.
 */
export class InternalError extends MigrateError {
  constructor(detail: string) {
    super('INTERNAL', `Unexpected failure (a bug, not a problem with your file): ${oneLine(detail)}. Nothing was written.`, { detail });
    this.name = 'InternalError';
  }
}
