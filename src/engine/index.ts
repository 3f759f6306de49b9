/** The engine's public surface: what migrations, adapters, the CLI, the worker and tools use. */
export * from './db.ts';
export * from './errors.ts';
export * from './schema/types.ts';
export { diffSchemas, normalizeSchema, type SchemaDiff } from './schema/diff.ts';
export { introspect, tableDef, tableNames, hasTable, columnsOf, indexesOf, foreignKeysOf } from './schema/introspect.ts';
export { RevisionGraph, downRevisionsOf, type RevisionNode } from './revision/graph.ts';
export { defineMigration, NotImplementedError, type MigrationScript } from './revision/script.ts';
export { Operations, type StepSink } from './operations/operations.ts';
export { opToSql, type Op } from './operations/ops.ts';
export type { TableChange } from './operations/table-changes.ts';
export { applyTableChanges } from './operations/table-changes.ts';
export { planRebuild } from './operations/rebuild.ts';
export * from './operations/render.ts';
export * from './runtime/runner.ts';
export * from './runtime/version-table.ts';
export * from './runtime/sniff.ts';
export * from './runtime/migrate-bytes.ts';
