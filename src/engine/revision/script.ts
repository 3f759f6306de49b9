/** A migration script: the revision's identity, what it is for, and its two directions. */
import type { Db } from '../db.ts';
import { MigrateError } from '../errors.ts';
import type { Operations } from '../operations/operations.ts';
import type { RevisionNode } from './graph.ts';

export interface MigrationScript extends RevisionNode {
  readonly revision: string;
  readonly downRevision: string | readonly string[] | null;
  readonly message: string;
  /** When the revision was written, "YYYY-MM-DD HH:MM:SS" (UTC), as in Entropy's file names. */
  readonly createDate: string;
  /** The first Entropy release that shipped this revision, if it is one of Entropy's. */
  readonly entropyRelease?: string;
  /** What the revision does to a database, in words a user understands. */
  readonly summary: string;
  /** False when the revision touches only files beside the database (params.json). */
  readonly changesDatabase?: boolean;
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
