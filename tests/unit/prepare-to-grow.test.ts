/**
 * A whole-project run tells its database, outside a transaction, that the finishing work is
 * about to add to it (Db.prepareToGrow): sql.js in the page then moves a file that VACUUM
 * shrank into storage with room (src/sqljs/adapter.ts). A run on the database alone, which
 * would pay for that with an export and gain nothing, does not.
 */
import { describe, expect, it } from 'vitest';
import { folderFromMap, migrateBytes, type DbOpener } from '../../src/engine/index.ts';
import { open } from '../support/db.ts';
import { buildTinyDb } from '../projects/tiny/build.ts';
import { NOTES, tiny } from '../projects/tiny/index.ts';

/** An opener whose databases note each prepareToGrow, and whether a transaction was open then. */
function noting(calls: string[]): DbOpener {
  return (bytes) => {
    const db = open(bytes);
    return Object.assign(db, {
      prepareToGrow: () => {
        try {
          db.exec('BEGIN');
          db.exec('ROLLBACK');
          calls.push('outside a transaction');
        } catch {
          calls.push('inside a transaction');
        }
      },
    });
  };
}

describe('telling the database it will grow', () => {
  it.each([
    ['a whole-project run says so once, outside a transaction, before its finishing work', true, ['outside a transaction']],
    ['a run on the database alone does not', false, []],
  ])('%s', (_, withFolder, expected) => {
    const calls: string[] = [];
    const bytes = buildTinyDb(open, { at: 'a1a1a1a1a1a1', samples: ['alpha'] });
    const folder = folderFromMap(new Map([[NOTES, new TextEncoder().encode('calibrate before use\n')]]));
    migrateBytes(noting(calls), bytes, tiny, { direction: 'upgrade', ...(withFolder ? { folder } : {}) });
    expect(calls).toEqual(expected);
  });
});
