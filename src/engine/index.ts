/**
 * The engine's public surface: what migrations, adapters, the CLI, the worker, the tools and
 * the tests use, chosen name by name. A module's other exports are the engine's own business;
 * a name goes here when something outside the engine needs it (and the architecture test holds
 * projects and callers to this file).
 */

// The database, as the engine sees it; the adapters (src/sqljs, src/native) implement it.
export { quoteIdent, quoteLiteral, type Db, type DbFile, type DbOpener, type DbSource, type Row, type SqlValue } from './db.ts';
export { budgetedDb, budgetedOpener, megabytesInWords, type DbBudget } from './memory-budget.ts';
export { budgetMeter, countingMeter, memoryMeter, useMemoryMeter } from './memory-meter.ts';
export type { JobAnswer, JobPool, JobPoolOpener } from './job-pool.ts';
export { declaredPageSize, sniffSqlite } from './runtime/sniff.ts';

// Errors: typed, with a code that survives the worker boundary (ErrorInfo).
export {
  AmbiguousRevisionError,
  CancelledError,
  DuplicateRevisionError,
  InvalidTargetError,
  MigrateError,
  MissingDownRevisionError,
  MultipleHeadsError,
  ReadBackError,
  RevisionCycleError,
  SeveralDbHeadsError,
  StepFailedError,
  UnknownDbRevisionError,
  UnknownRevisionError,
  type ErrorInfo,
  type StepStatus,
} from './errors.ts';
export { isOutOfMemory, OutOfMemoryError } from './out-of-memory.ts';
export { canReleaseBytes, releaseBytes, trimBytes } from './release-bytes.ts';
export { asMigrateError, errorFromInfo, toErrorInfo } from './error-transport.ts';

// Text people read: one helper for what comes from a file, one for counts.
export { ELLIPSIS, MAX_SENTENCE, oneLine, printable, printableSentence } from './printable.ts';
export { plural, readBackInWords } from './words.ts';

// Schemas: declared (a project's model), read from a database, compared.
export { types, type Column, type ForeignKey, type IndexDef, type Schema, type TableDef } from './schema/types.ts';
export { columnsOf, hasTable, introspect } from './schema/introspect.ts';
export { diffSchemas, normalizeSchema } from './schema/diff.ts';

// Revisions and the graph they make.
export { defineMigration, NotImplementedError, type MigrationScript } from './revision/script.ts';
export { downRevisionsOf, RevisionGraph, type RevisionNode } from './revision/graph.ts';
export { joinRelativeTargets } from './revision/relative-targets.ts';

// Operations: what a revision's upgrade() and downgrade() are handed, and their SQL.
export { Operations, type StepSink } from './operations/operations.ts';
export type { Op } from './operations/ops.ts';
export type { TableChange } from './operations/table-changes.ts';
export { quoteName, renderCreateTable } from './operations/render.ts';

// Projects: a project's definition, its staged files, and the folder commit the CLI and the page share.
export {
  aProject,
  defineProject,
  type Chain,
  type DbState,
  type FinishingReport,
  type FinishingWork,
  type ProjectDefinition,
  type ProjectDevelopment,
  type ProjectLayout,
  type ProjectWords,
  type ReadBackCount,
} from './project/definition.ts';
export { folderFromMap, StagedFiles, type FileChange, type FileKeeper, type FolderSource, type ProjectFiles } from './project/files.ts';
export type { CommitFolder, EntryKind, FileStamp } from './project/commit-folder.ts';
export { backupsPath, journalPath, type CommitOwner, type CommitWhat } from './project/commit-journal.ts';
export { commitToFolder, fillNewFolder, type CommitChanges, type CommitOptions, type CommitReport } from './project/folder-commit.ts';
export { recoverInterrupted } from './project/commit-recovery.ts';
export { listBackups, restoreBackup } from './project/restore.ts';

// Running: the Migrator (the one way in), and the parts it is made of.
export { Migrator } from './migrator.ts';
export { currentRevisions, plan, type Direction, type Plan, type PlannedStep } from './runtime/plan.ts';
export { run, stamp, type ProgressEvent, type RunPhase, type RunResult } from './runtime/runner.ts';
export type { RecordedStep } from './runtime/record.ts';
export { checkInputIntact, openCopy, type OpenedCopy } from './runtime/open-copy.ts';
export { inspectBytes, inspectDb, stateOf, type Inspection } from './runtime/inspection.ts';
export { migrateBytes, migrateCopy, type MigrateOutcome, type RunOutcome } from './runtime/migrate-copy.ts';
export type { TableCount } from './runtime/result-checks.ts';
export { stampBytes } from './runtime/stamp-bytes.ts';
export { foreignKeyViolations, type ForeignKeyFindings } from './runtime/foreign-key-check.ts';
// The result's checks, which the CLI runs side by side on read-only connections.
export { checkHere, countRows, findingsIn, inputFacts, INTEGRITY_CHECK, resultReport, type CheckedResult, type InputFacts } from './runtime/result-checks.ts';

// The version table (alembic_version).
export { readVersions, VERSION_TABLE, VERSION_TABLE_DDL } from './runtime/version-table.ts';
export { versionTableTriggers } from './runtime/version-check.ts';
