/**
 * Hostile databases: files that are not damaged but were made (by hand, by a script, by
 * another tool) to mislead a migration tool. Each returns new bytes and never changes its input.
 */
import { quoteIdent, type DbOpener } from '../../src/engine/index.ts';
import { edited } from './damage.ts';


/** A trigger that silently swallows every change to alembic_version (`RAISE(IGNORE)`). */
export function versionFrozenByTriggerDb(open: DbOpener, bytes: Uint8Array, name = 'keep_version'): Uint8Array {
  return edited(open, bytes, `CREATE TRIGGER ${quoteIdent(name)} BEFORE UPDATE ON alembic_version BEGIN SELECT RAISE(IGNORE); END;`);
}

/** A trigger that adds a second row to alembic_version whenever one is written. */
export function versionDoubledByTriggerDb(open: DbOpener, bytes: Uint8Array): Uint8Array {
  return edited(
    open,
    bytes,
    `CREATE TRIGGER copy_version AFTER UPDATE ON alembic_version BEGIN INSERT OR IGNORE INTO alembic_version VALUES ('c0ffee15900d'); END;`,
  );
}

/**
 * alembic_version without its primary key (as hand-made or older tools' tables can be), the
 * current revision recorded twice.
 */
export function duplicateVersionRowDb(open: DbOpener, bytes: Uint8Array): Uint8Array {
  return edited(
    open,
    bytes,
    `CREATE TABLE av_copy AS SELECT version_num FROM alembic_version;
     DROP TABLE alembic_version;
     CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);
     INSERT INTO alembic_version SELECT version_num FROM av_copy;
     INSERT INTO alembic_version SELECT version_num FROM av_copy;
     DROP TABLE av_copy;`,
  );
}

/**
 * An index whose stored CREATE text was edited (writable_schema) to name another column than
 * the one it was built on: quick_check passes, integrity_check finds rows missing from it.
 */
export function tamperedIndexSqlDb(open: DbOpener, bytes: Uint8Array): Uint8Array {
  return edited(
    open,
    bytes,
    `CREATE INDEX ix_tampered ON "Experiments" (label);
     PRAGMA writable_schema = ON;
     UPDATE sqlite_master SET sql = 'CREATE INDEX ix_tampered ON "Experiments" (user)' WHERE name = 'ix_tampered';
     PRAGMA writable_schema = OFF;`,
  );
}

/**
 * Someone else's SQLite file whose one table has `name` (terminal escapes, bidi overrides, a
 * megabyte): a name the tool repeats when it says the file is not Entropy's.
 */
export function hostileTableNameDb(open: DbOpener, name: string): Uint8Array {
  const db = open(null);
  try {
    db.exec(`CREATE TABLE ${quoteIdent(name)} (id INTEGER PRIMARY KEY)`);
    return db.export();
  } finally {
    db.close();
  }
}

/** alembic_version recording `revision` (any text: escapes, a megabyte) instead of a real id. */
export function hostileRevisionDb(open: DbOpener, bytes: Uint8Array, revision: string): Uint8Array {
  const db = open(bytes);
  try {
    db.run('UPDATE alembic_version SET version_num = ?', [revision]);
    return db.export();
  } finally {
    db.close();
  }
}

/** Names that attack a terminal: title change, screen clear, bidi reversal, a newline. */
export const TERMINAL_ATTACK = '\u001b]0;owned\u0007\u001b[2J\u202eevil\u202c\nline two\u0085';

/**
 * A virtual table of `module` (fts5, rtree), written into sqlite_master as SQLite stores one,
 * since sql.js lacks those modules and cannot create it.
 */
export function virtualTableDb(open: DbOpener, bytes: Uint8Array, module: string, columns = 'body'): Uint8Array {
  const name = `user_${module}`;
  const db = open(bytes);
  try {
    db.exec('PRAGMA writable_schema = ON');
    db.run(`INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('table', ?, ?, 0, ?)`, [
      name,
      name,
      `CREATE VIRTUAL TABLE ${quoteIdent(name)} USING ${module}(${columns})`,
    ]);
    db.exec('PRAGMA writable_schema = OFF');
    return db.export();
  } finally {
    db.close();
  }
}

/** `extra` bytes (not a whole page) appended after the last page. */
export function trailingBytes(bytes: Uint8Array, extra = 1000): Uint8Array {
  const out = new Uint8Array(bytes.length + extra);
  out.set(bytes);
  out.fill(0x5a, bytes.length);
  return out;
}

/**
 * A trigger on alembic_version that never ends (a recursive query without a bound): every
 * version stamp of a run fires it, so the run hangs there until it is stopped from outside.
 */
export function versionLoopingTriggerDb(open: DbOpener, bytes: Uint8Array, name = 'spin'): Uint8Array {
  return edited(
    open,
    bytes,
    `CREATE TRIGGER ${quoteIdent(name)} AFTER UPDATE ON alembic_version BEGIN
       SELECT count(*) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n);
     END;`,
  );
}

/**
 * A trigger on the version table that inserts `count` zero-filled blobs of `blobBytes` each
 * (4 GB by default): the database grows far past any real migration's need.
 */
export function zeroblobTriggerDb(open: DbOpener, bytes: Uint8Array, blobBytes = 100_000_000, count = 40): Uint8Array {
  return edited(
    open,
    bytes,
    `CREATE TABLE ballast (b BLOB);
     CREATE TRIGGER ballast_in AFTER UPDATE ON alembic_version BEGIN
       INSERT INTO ballast SELECT zeroblob(${blobBytes}) FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ${count}) SELECT i FROM c);
     END;`,
  );
}

/**
 * A user table with a foreign key to a column that is neither the parent's primary key nor
 * unique (SQLite's foreign_key_check then stops with "foreign key mismatch"), beside a sound
 * foreign key in the same table that one row already breaks. Not damage: SQLite enforces
 * neither while foreign keys are off, as they are during a migration.
 */
export function foreignKeyMismatchDb(open: DbOpener, bytes: Uint8Array): Uint8Array {
  return edited(
    open,
    bytes,
    `CREATE TABLE lab_notes (
       id INTEGER PRIMARY KEY,
       experiment_id INTEGER REFERENCES "Experiments" (id),
       experiment_label TEXT REFERENCES "Experiments" (label),
       body TEXT
     );
     INSERT INTO lab_notes (experiment_id, experiment_label, body) SELECT id, label, 'note on ' || label FROM "Experiments";
     INSERT INTO lab_notes (experiment_id, experiment_label, body) VALUES (987654, 'gone', 'its experiment was deleted');`,
  );
}

/**
 * The version table under another spelling of its name (`Alembic_Version`): SQLite names are
 * case-insensitive, so to SQLite and to Alembic it is the same table.
 */
export function versionTableSpelledDb(open: DbOpener, bytes: Uint8Array, name = 'Alembic_Version'): Uint8Array {
  return edited(
    open,
    bytes,
    `CREATE TABLE av_copy AS SELECT version_num FROM alembic_version;
     DROP TABLE alembic_version;
     CREATE TABLE ${quoteIdent(name)} (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
     INSERT INTO ${quoteIdent(name)} SELECT version_num FROM av_copy;
     DROP TABLE av_copy;`,
  );
}

/**
 * alembic_version as a VIEW over a table of another name: it can be read, so the revision
 * looks recorded, but Alembic's UPDATE of it fails.
 */
export function versionViewDb(open: DbOpener, bytes: Uint8Array): Uint8Array {
  return edited(
    open,
    bytes,
    `CREATE TABLE version_store AS SELECT version_num FROM alembic_version;
     DROP TABLE alembic_version;
     CREATE VIEW alembic_version AS SELECT version_num FROM version_store;`,
  );
}
