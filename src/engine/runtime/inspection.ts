/** What an opened copy holds and what an upgrade to head would do: the plan people read. */
import type { Db, DbOpener } from '../db.ts';
import type { DbState, ProjectDefinition } from '../project/definition.ts';
import { tableNames } from '../schema/introspect.ts';
import { classifySqliteError, openCopy } from './open-copy.ts';
import { countRows, type TableCount } from './result-checks.ts';
import { plan, type Plan } from './plan.ts';
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
