/**
 * Tiny databases at any revision, with samples, from Tiny's own revisions: its tests, its
 * page sample and each new revision's test start here (the project's `development.builder`).
 */
import { Migrator, type DbOpener } from '../../../src/engine/index.ts';
import { tiny } from './index.ts';

export interface TinyBuildOptions {
  /** A revision of Tiny's chain (or 'heads'). */
  readonly at: string;
  /** One sample per name, ids from 1. */
  readonly samples?: readonly string[];
}

export function buildTinyDb(open: DbOpener, options: TinyBuildOptions): Uint8Array {
  const empty = open(null);
  const bytes = empty.export();
  empty.close();
  const built = new Migrator(open, tiny).migrate(bytes, { direction: 'upgrade', target: options.at });
  const db = open(built.bytes);
  try {
    (options.samples ?? ['alpha', 'beta']).forEach((name, i) => db.run('INSERT INTO samples (id, name) VALUES (?, ?)', [i + 1, name]));
    return db.export();
  } finally {
    db.close();
  }
}
