/**
 * Files that are not damaged though SQLite's checks stumble on them, through the engine on
 * both SQLite builds (sql.js and native): a foreign key to a column that is not unique, and
 * the version table as SQLAlchemy finds it (any case; a view refused).
 */
import { describe, expect, it } from 'vitest';
import * as hostile from '../../migrations/builders/hostile.ts';
import { foreignKeyViolations, inspectBytes, migrateBytes, stampBytes, type DbOpener } from '../../src/engine/index.ts';
import { entropy, HEAD, open } from '../support/db.ts';
import { native } from '../native/support.ts';
import { firstDifference } from './bytes.ts';
import { oldDb } from './cases.ts';
import { FROM } from './hostile.ts';
import { refusal } from './refusal.ts';

const ENGINES: readonly [string, DbOpener][] = [
  ['sql.js', open],
  ['native SQLite', native.opener],
];

const MISMATCH_NOTE =
  'The foreign key lab_notes (experiment_label) to Experiments (label) was not checked: its parent columns are neither a primary key nor unique, so SQLite cannot check it ("foreign key mismatch"); the file is not damaged by that, and every other foreign key was checked.';

const VIEW_SENTENCE =
  'alembic_version is a view in this file, not a table, so no revision can be recorded in it (Alembic fails at its first update too); it was made by hand or by another tool. Nothing was written; replace the view with a table of the same name and run again.';

function withCopy<T>(opener: DbOpener, bytes: Uint8Array, fn: (db: ReturnType<DbOpener>) => T): T {
  const db = opener(bytes);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const versionsIn = (opener: DbOpener, bytes: Uint8Array) =>
  withCopy(opener, bytes, (db) => ({
    names: db.query("SELECT name FROM sqlite_master WHERE lower(name) = 'alembic_version'").map((r) => r.name),
    versions: db.query('SELECT version_num FROM alembic_version').map((r) => r.version_num),
  }));

/** A parent and a child table with one foreign key, declared by `parent` and `reference`. */
function oneForeignKey(opener: DbOpener, parent: string, reference: string): ReturnType<DbOpener> {
  const db = opener(null);
  db.exec(`${parent}; CREATE TABLE child (a, b, FOREIGN KEY (a, b) REFERENCES ${reference});`);
  return db;
}

describe.each(ENGINES)('on %s', (_engine, opener) => {
  describe('a foreign key to a column that is neither primary key nor unique', () => {
    it('is migrated; that constraint is named and left out of the check, the sound one beside it still counted', () => {
      const bytes = hostile.foreignKeyMismatchDb(opener, oldDb());
      const before = bytes.slice();
      const outcome = migrateBytes(opener, bytes, entropy, { direction: 'upgrade' });
      expect(outcome.result.to).toEqual([HEAD]);
      expect(outcome.checks.uncheckedForeignKeys).toEqual([{ table: 'lab_notes', columns: ['experiment_label'], parent: 'Experiments', parentColumns: ['label'] }]);
      // The note that a lab note whose experiment was deleted already broke, before the run.
      expect(outcome.checks.foreignKeyViolations).toBe(1);
      expect(outcome.notes).toContain(MISMATCH_NOTE);
      expect(firstDifference(bytes, before)).toBeNull();
      const stamped = stampBytes(opener, bytes, entropy, 'head');
      expect(stamped.notes).toContain(MISMATCH_NOTE);
    });

    it('counts a new violation of the sound constraint in the same table, so a run that made one would be refused', () => {
      withCopy(opener, hostile.foreignKeyMismatchDb(opener, oldDb()), (db) => {
        expect(foreignKeyViolations(db)).toMatchObject({ real: 1, orphaned: 0 });
        db.exec('UPDATE lab_notes SET experiment_id = 424242 WHERE id = 1');
        expect(foreignKeyViolations(db)).toMatchObject({ real: 2, orphaned: 0 });
      });
    });

    // Which parent keys SQLite can check, asked of SQLite itself: the count must leave out
    // exactly the constraints that make foreign_key_check stop.
    const PARENTS: readonly [string, string, string][] = [
      ['a composite UNIQUE constraint', 'CREATE TABLE p (x, y, UNIQUE (y, x))', 'p (x, y)'],
      ['a composite primary key, implied', 'CREATE TABLE p (x, y, PRIMARY KEY (x, y))', 'p'],
      ['a composite unique index in another order', 'CREATE TABLE p (x, y); CREATE UNIQUE INDEX p_xy ON p (y, x)', 'p (x, y)'],
      ['columns of which only one is unique', 'CREATE TABLE p (x UNIQUE, y)', 'p (x, y)'],
      ['a partial unique index', 'CREATE TABLE p (x, y); CREATE UNIQUE INDEX p_xy ON p (x, y) WHERE x > 0', 'p (x, y)'],
      ['a plain index', 'CREATE TABLE p (x, y); CREATE INDEX p_xy ON p (x, y)', 'p (x, y)'],
      ['an implied key where the parent has none', 'CREATE TABLE p (x, y)', 'p'],
      ['a WITHOUT ROWID primary key, implied', 'CREATE TABLE p (x, y, PRIMARY KEY (x, y)) WITHOUT ROWID', 'p'],
      ['names in another case', 'CREATE TABLE P (X, Y, UNIQUE (X, Y))', 'p (x, y)'],
    ];
    for (const [what, parent, reference] of PARENTS) {
      it(`parent key on ${what}: left out exactly when SQLite cannot check it`, () => {
        const db = oneForeignKey(opener, parent, reference);
        try {
          let sqliteCannot = false;
          try {
            db.query('SELECT * FROM pragma_foreign_key_check');
          } catch (error) {
            sqliteCannot = /foreign key mismatch/.test(String(error));
          }
          // The mismatched table must be another than the one checked, for the count to go table by table.
          db.exec('CREATE TABLE other (q INTEGER PRIMARY KEY, r REFERENCES p (nope))');
          expect(foreignKeyViolations(db).unchecked.filter((fk) => fk.table === 'child').length > 0).toBe(sqliteCannot);
        } finally {
          db.close();
        }
      });
    }

    it('in a table with a key SQLite cannot check: keys to the INTEGER PRIMARY KEY (named or implied) counted, rows pointing at a missing table orphaned', () => {
      const db = opener(null);
      try {
        db.exec(`CREATE TABLE p (id INTEGER PRIMARY KEY, label TEXT);
                 CREATE TABLE c (p_id REFERENCES p (id), p_implied REFERENCES p, p_label REFERENCES p (label), gone_id REFERENCES gone (id));
                 INSERT INTO p VALUES (1, 'one');
                 INSERT INTO c VALUES (1, 1, 'one', NULL), (2, 1, 'one', 5), (1, 3, 'x', 6), (NULL, NULL, NULL, NULL);`);
        const found = foreignKeyViolations(db);
        expect(found.unchecked).toEqual([{ table: 'c', columns: ['p_label'], parent: 'p', parentColumns: ['label'] }]);
        // One row each breaks p_id and p_implied; two point at a table that does not exist.
        expect(found).toMatchObject({ real: 2, orphaned: 2 });
      } finally {
        db.close();
      }
    });
  });

  describe('the version table as SQLAlchemy finds it', () => {
    it('Alembic_Version is the version table: read, upgraded, stamped, and kept as spelled', () => {
      const bytes = hostile.versionTableSpelledDb(opener, oldDb());
      const inspection = inspectBytes(opener, bytes, entropy);
      expect(inspection.revisions).toEqual([FROM]);
      expect(inspection.hasVersionTable).toBe(true);
      expect(inspection.state).toEqual({ kind: 'at', revisions: [FROM] });
      const upgraded = migrateBytes(opener, bytes, entropy, { direction: 'upgrade' });
      expect(upgraded.result.to).toEqual([HEAD]);
      expect(versionsIn(opener, upgraded.bytes)).toEqual({ names: ['Alembic_Version'], versions: [HEAD] });
      const stamped = stampBytes(opener, bytes, entropy, 'head');
      expect(versionsIn(opener, stamped.bytes)).toEqual({ names: ['Alembic_Version'], versions: [HEAD] });
      const down = migrateBytes(opener, upgraded.bytes, entropy, { direction: 'downgrade', target: 'base' });
      expect(versionsIn(opener, down.bytes)).toEqual({ names: ['Alembic_Version'], versions: [] });
    });

    it('alembic_version as a view is refused before anything runs, by every front door', () => {
      const bytes = hostile.versionViewDb(opener, oldDb());
      const before = bytes.slice();
      for (const work of [
        () => inspectBytes(opener, bytes, entropy),
        () => migrateBytes(opener, bytes, entropy, { direction: 'upgrade' }),
        () => stampBytes(opener, bytes, entropy, 'head'),
      ]) {
        const error = refusal(work);
        expect(error.code).toBe('VERSION_TABLE_IS_VIEW');
        expect(error.message).toBe(VIEW_SENTENCE);
      }
      expect(firstDifference(bytes, before)).toBeNull();
    });
  });
});
