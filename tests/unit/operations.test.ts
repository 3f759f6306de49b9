/** Operations on a live database: SQLAlchemy-exact DDL, and the 12-step table rebuild. */
import { describe, expect, it } from 'vitest';
import {
  Operations,
  quoteName,
  renderCreateTable,
  types as t,
  type Db,
  type StepSink,
} from '../../src/engine/index.ts';
import { open } from '../support/db.ts';

function withOps(fn: (op: Operations, db: Db, executed: string[]) => void): void {
  const db = open(null);
  const executed: string[] = [];
  const sink: StepSink = {
    db,
    files: null,
    execute: (sql) => {
      executed.push(sql);
      db.exec(sql);
    },
    note: () => {},
    vacuumAfterCommit: () => {},
  };
  try {
    fn(new Operations(sink), db, executed);
  } finally {
    db.close();
  }
}

const sqlOf = (db: Db, name: string) => String(db.query('SELECT sql FROM sqlite_master WHERE name = ?', [name])[0]?.sql);

describe('DDL rendering', () => {
  it('quotes names exactly when SQLAlchemy does', () => {
    expect(quoteName('experiment_id')).toBe('experiment_id');
    expect(quoteName('Experiments')).toBe('"Experiments"');
    expect(quoteName('user')).toBe('user');
    expect(quoteName('order')).toBe('"order"');
    expect(quoteName('_private')).toBe('"_private"');
    expect(quoteName('with space')).toBe('"with space"');
    expect(quoteName('1st')).toBe('"1st"');
  });

  it('renders the version table as Alembic does', () => {
    expect(
      renderCreateTable({
        name: 'alembic_version',
        columns: [{ name: 'version_num', type: t.String(32), nullable: false }],
        primaryKey: { columns: ['version_num'], name: 'alembic_version_pkc' },
      }),
    ).toBe('CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)');
  });

  it('renders defaults, composite keys, foreign keys and unique constraints', () => {
    expect(
      renderCreateTable({
        name: 'Samples',
        columns: [
          { name: 'run', type: t.Integer, nullable: false },
          { name: 'seq', type: t.Integer, nullable: false },
          { name: 'kind', type: t.Enum('a', 'bbb'), serverDefault: "'a'" },
        ],
        primaryKey: { columns: ['run', 'seq'] },
        foreignKeys: [{ columns: ['run'], refTable: 'Runs', refColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'SET NULL' }],
        uniques: [{ columns: ['kind', 'seq'] }],
      }),
    ).toBe(
      'CREATE TABLE "Samples" (\n\trun INTEGER NOT NULL, \n\tseq INTEGER NOT NULL, \n\tkind VARCHAR(3) DEFAULT \'a\', \n\tPRIMARY KEY (run, seq), \n\tFOREIGN KEY(run) REFERENCES "Runs" (id) ON DELETE CASCADE ON UPDATE SET NULL, \n\tUNIQUE (kind, seq)\n)',
    );
  });
});

describe('operations', () => {
  it('create, add, rename, index, drop: each one statement, run in order', () => {
    withOps((op, db, executed) => {
      op.createTable({ name: 'Runs', columns: [{ name: 'id', type: t.Integer, nullable: false }], primaryKey: { columns: ['id'] } });
      op.addColumn('Runs', { name: 'ok', type: t.Boolean, nullable: false, serverDefault: 'False' });
      op.createIndex({ name: 'ix_runs_ok', table: 'Runs', columns: ['ok'] });
      op.renameColumn('Runs', 'ok', 'passed');
      op.renameTable('Runs', 'Trials');
      expect(op.hasTable('Trials')).toBe(true);
      expect(op.columns('Trials').map((c) => c.name)).toEqual(['id', 'passed']);
      op.dropIndex('ix_runs_ok');
      op.dropColumn('Trials', 'passed');
      op.dropTable('Trials');
      expect(op.tableNames()).toEqual([]);
      expect(executed).toEqual([
        'CREATE TABLE "Runs" (\n\tid INTEGER NOT NULL, \n\tPRIMARY KEY (id)\n)',
        'ALTER TABLE "Runs" ADD COLUMN ok BOOLEAN DEFAULT False NOT NULL',
        'CREATE INDEX ix_runs_ok ON "Runs" (ok)',
        'ALTER TABLE "Runs" RENAME COLUMN ok TO passed',
        'ALTER TABLE "Runs" RENAME TO "Trials"',
        'DROP INDEX ix_runs_ok',
        'ALTER TABLE "Trials" DROP COLUMN passed',
        'DROP TABLE "Trials"',
      ]);
      expect(db.query('SELECT count(*) AS n FROM sqlite_master')[0]!.n).toBe(0);
    });
  });

  it('execute strips a trailing semicolon so rendered scripts stay clean', () => {
    withOps((op, _db, executed) => {
      op.execute('CREATE TABLE x (a);  ');
      expect(executed).toEqual(['CREATE TABLE x (a)']);
    });
  });
});

describe('rebuildTable', () => {
  const setUp = (db: Db) => {
    db.exec(`
      CREATE TABLE "Parents" (id INTEGER NOT NULL, PRIMARY KEY (id));
      CREATE TABLE "Kids" (id INTEGER NOT NULL, parent_id INTEGER, score VARCHAR, note VARCHAR, PRIMARY KEY (id),
        FOREIGN KEY(parent_id) REFERENCES "Parents" (id) ON DELETE CASCADE);
      CREATE INDEX ix_kids_score ON "Kids" (score);
      CREATE INDEX ix_kids_note ON "Kids" (note);
      CREATE TABLE log (msg VARCHAR);
      CREATE TRIGGER kids_log AFTER INSERT ON "Kids" BEGIN INSERT INTO log VALUES ('kid'); END;
      INSERT INTO "Parents" VALUES (1), (2);
      INSERT INTO "Kids" VALUES (1, 1, '10', 'a'), (2, 2, '20', NULL), (3, NULL, NULL, 'c');
    `);
  };

  it('changes types and nullability, drops a column, keeps rows, indexes and triggers', () => {
    withOps((op, db) => {
      setUp(db);
      op.rebuildTable('Kids', [
        { kind: 'alterColumn', column: 'score', type: t.Integer, serverDefault: '0' },
        { kind: 'dropColumn', column: 'note' },
        { kind: 'addColumn', column: { name: 'flag', type: t.Boolean, nullable: false, serverDefault: 'False' } },
      ]);
      expect(sqlOf(db, 'Kids')).toBe(
        'CREATE TABLE "Kids" (\n\tid INTEGER NOT NULL, \n\tparent_id INTEGER, \n\tscore INTEGER DEFAULT 0, \n\tflag BOOLEAN DEFAULT False NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(parent_id) REFERENCES "Parents" (id) ON DELETE CASCADE\n)',
      );
      expect(db.query('SELECT id, parent_id, score, flag FROM "Kids" ORDER BY id')).toEqual([
        { id: 1, parent_id: 1, score: 10, flag: 0 },
        { id: 2, parent_id: 2, score: 20, flag: 0 },
        { id: 3, parent_id: null, score: null, flag: 0 },
      ]);
      const objects = db.query(`SELECT type, name FROM sqlite_master WHERE tbl_name = 'Kids' AND sql IS NOT NULL AND type != 'table' ORDER BY name`);
      // The index on the dropped column goes with it; the other index and the trigger come back.
      expect(objects).toEqual([
        { type: 'index', name: 'ix_kids_score' },
        { type: 'trigger', name: 'kids_log' },
      ]);
      expect(op.hasTable('_alembic_tmp_Kids')).toBe(false);
    });
  });

  it('refuses a rebuild that would break a foreign key, inside the step', () => {
    withOps((op, db) => {
      setUp(db);
      db.exec('PRAGMA foreign_keys = OFF; DELETE FROM "Parents" WHERE id = 2');
      expect(() => op.rebuildTable('Kids', [{ kind: 'alterColumn', column: 'note', nullable: true }])).toThrow(/foreign key/);
    });
  });

  it('refuses changes to a column that is not there', () => {
    withOps((op, db) => {
      setUp(db);
      expect(() => op.rebuildTable('Kids', [{ kind: 'dropColumn', column: 'nope' }])).toThrow(/no column "nope"/);
      expect(() => op.rebuildTable('Nope', [])).toThrow(/no table "Nope"/);
    });
  });
});

