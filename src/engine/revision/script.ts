/** A migration script: the revision's identity, what it is for, and its two directions. */
import type { Db } from '../db.ts';
import { MigrateError } from '../errors.ts';
import type { Operations } from '../operations/operations.ts';
import type { ProjectFiles } from '../project/files.ts';
import type { RevisionNode } from './graph.ts';

export interface MigrationScript extends RevisionNode {
  readonly revision: string;
  readonly downRevision: string | readonly string[] | null;
  readonly message: string;
  /** When the revision was written, "YYYY-MM-DD HH:MM:SS" (UTC), as in Alembic's file names. */
  readonly createDate: string;
  /** The first release of the project that shipped this revision (its version, "0.15.0"). */
  readonly release?: string;
  /** What the revision does to a database, in words a user understands. */
  readonly summary: string;
  /** False when the revision touches only the project's files beside the database. */
  readonly changesDatabase?: boolean;
  /**
   * The project files the revision changes through op.files, named for people
   * ("params.json"); a run on the database alone leaves them as they are and says so.
   */
  readonly changesProjectFiles?: string;
  /**
   * A copy of the database, as it was before this revision's upgrade, that the project keeps
   * under this name beside the database (a backup the project's own tools expect). Kept only
   * when a whole project folder is upgraded.
   */
  readonly keepsDatabaseCopy?: string;
  /**
   * Words for the people whose data it is, shown where `message` and `summary` (the technical
   * account) would be too much: the upgrade's title ("Add a place for figures") and the
   * downgrade's ("Remove saved figures"). Without them a page falls back to `message`.
   */
  readonly title?: string;
  readonly undoTitle?: string;
  /**
   * One line on what the step means for the user's data, counted on `db` as it is before the
   * run (read-only look); `files` is the project folder when a whole project is opened.
   */
  explanation?(db: Db, direction: 'upgrade' | 'downgrade', files: ProjectFiles | null): string;
  /** What the downgrade deletes or sets aside, one sentence each, counted on `db`; [] when nothing. */
  losses?(db: Db): string[];
  /** Sentences a user should read before running this revision on `db` (read-only look). */
  warnings?(db: Db, direction: 'upgrade' | 'downgrade'): string[];
  upgrade(op: Operations): void;
  downgrade(op: Operations): void;
}

/** Identity helper that gives migration files type checking and a uniform shape. */
export function defineMigration(script: MigrationScript): MigrationScript {
  return script;
}

/** What a freshly scaffolded migration throws until someone writes its body. */
export class NotImplementedError extends MigrateError {
  constructor(revision: string, direction: 'upgrade' | 'downgrade') {
    super('NOT_IMPLEMENTED', `The ${direction} of revision ${revision} is not written yet.`, { revision, direction });
    this.name = 'NotImplementedError';
  }
}
