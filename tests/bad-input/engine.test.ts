/**
 * Every bad file through the engine's two front doors (inspect, as the page opens a file, and
 * migrate): the right code and sentence, nothing returned, the caller's bytes untouched.
 */
import { describe, expect, it } from 'vitest';
import { inspectBytes, migrateBytes } from '../../src/engine/index.ts';
import { entropy, open, versions, withDb } from '../support/db.ts';
import { BAD_FILES, HEAD, oldDb, WAL_NOTE, walModeDb } from './cases.ts';
import { firstDifference } from './bytes.ts';
import { refusal } from './refusal.ts';

describe('bad files in the engine', () => {
  for (const bad of BAD_FILES) {
    it(`refuses ${bad.name} with ${bad.code}`, () => {
      const bytes = bad.bytes();
      const before = bytes.slice();
      for (const work of [
        () => inspectBytes(open, bytes, entropy),
        () => migrateBytes(open, bytes, entropy, { direction: 'upgrade' }),
        () => migrateBytes(open, bytes, entropy, { direction: 'downgrade', target: 'base' }),
      ]) {
        const error = refusal(work);
        expect(error.code).toBe(bad.code);
        if (typeof bad.message === 'string') expect(error.message).toBe(bad.message);
        else expect(error.message).toMatch(bad.message);
        expect(error.message).not.toContain('\n');
      }
      expect(firstDifference(bytes, before)).toBeNull();
    });
  }

  it('opens a WAL-mode file as a rollback-journal copy, says what to check, and leaves the input alone', () => {
    const bytes = walModeDb();
    const before = bytes.slice();
    expect(inspectBytes(open, bytes, entropy).notes).toEqual([WAL_NOTE]);
    const outcome = migrateBytes(open, bytes, entropy, { direction: 'upgrade' });
    expect(outcome.notes).toEqual([WAL_NOTE]);
    expect(versions(outcome.bytes)).toEqual([HEAD]);
    expect(withDb(outcome.bytes, (db) => db.query('PRAGMA integrity_check')[0]!.integrity_check)).toBe('ok');
    // The new file is an ordinary rollback-journal database; only the copy was switched.
    expect([outcome.bytes[18], outcome.bytes[19]]).toEqual([1, 1]);
    expect(firstDifference(bytes, before)).toBeNull();
  });

  it('keeps the hardening pragmas on every open and after every export (sql.js reopens to export)', () => {
    const db = open(oldDb());
    try {
      const pragmas = () => [db.query('PRAGMA trusted_schema')[0]!.trusted_schema, db.query('PRAGMA cell_size_check')[0]!.cell_size_check];
      expect(pragmas()).toEqual([0, 1]);
      db.export();
      expect(pragmas()).toEqual([0, 1]);
    } finally {
      db.close();
    }
  });
});
