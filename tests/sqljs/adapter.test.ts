/**
 * The adapter's speed choices must not cost correctness: no rollback journal (a failed step
 * still ends in a typed error and no output), room to grow behind the opened file, and bytes
 * handed over to sql.js instead of copied.
 */
import { describe, expect, it } from 'vitest';
import { defineMigration, migrateBytes, StepFailedError, type ProjectDefinition } from '../../src/engine/index.ts';
import { entropyProject } from '../../migrations/project.ts';
import { migrations } from '../../migrations/index.ts';
import { handOverBuffer } from '../../src/sqljs/node.ts';
import { roomFor } from '../../src/sqljs/memfs-input.ts';
import { FAILING_STATEMENT, spliced } from '../bad-input/injected-chain.ts';
import { build, entropy, HEAD, open, snap, withDb } from '../support/db.ts';

/** Entropy's chain with a revision after 9ffd2ba0d5bf that writes far more than SQLite's page cache holds, then fails. */
function projectWithBigFailingStep(): ProjectDefinition {
  return spliced(migrations, {
    message: 'test only: writes 8 MB, then fails',
    createDate: '2022-04-11 00:00:00',
    summary: 'Fills a table past the page cache, then updates a column that does not exist.',
    upgrade(op) {
      op.execute('CREATE TABLE "Filler" (id INTEGER PRIMARY KEY, data BLOB)');
      op.execute('INSERT INTO "Filler" (data) SELECT zeroblob(4096) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2048) SELECT i FROM n)');
      op.execute(FAILING_STATEMENT);
    },
    downgrade(op) {
      op.execute('DROP TABLE "Filler"');
    },
  }).project;
}

/** A copy of `bytes` in a buffer handed over to the opener, as the CLI reads files. */
function handedOver(bytes: Uint8Array): Uint8Array {
  const buffer = handOverBuffer(bytes.length);
  buffer.set(bytes);
  return buffer;
}

describe('sql.js adapter', () => {
  const input = build('04ae19b32c08', { experiments: 20, rowsPerExperiment: 10, blobBytes: [2000, 9000], seed: 4 });

  it('runs without a rollback journal, keeping the hardening pragmas', () => {
    withDb(input, (db) => {
      expect(db.query('PRAGMA journal_mode')[0]!.journal_mode).toBe('off');
      expect(db.query('PRAGMA trusted_schema')[0]!.trusted_schema).toBe(0);
      expect(db.query('PRAGMA cell_size_check')[0]!.cell_size_check).toBe(1);
    });
  });

  it('a step that fails after spilling pages still gives a typed error, no output, and an untouched input', () => {
    const before = input.slice();
    let outcome: unknown;
    let error: unknown;
    try {
      outcome = migrateBytes(open, input, projectWithBigFailingStep(), { direction: 'upgrade' });
    } catch (e) {
      error = e;
    }
    expect(outcome).toBeUndefined();
    expect(error).toBeInstanceOf(StepFailedError);
    expect((error as StepFailedError).statement).toBe(FAILING_STATEMENT);
    expect(Buffer.compare(input, before)).toBe(0);
  });

  it('copies a Node Buffer before SQLite writes (VACUUM included) and leaves it as it was', () => {
    const buffer = Buffer.from(input);
    migrateBytes(open, buffer, entropy, { direction: 'upgrade' });
    expect(Buffer.compare(buffer, input)).toBe(0);
  });

  it('takes handed-over bytes as its file and makes the same database as from a copy', () => {
    const fromCopy = migrateBytes(open, input, entropy, { direction: 'upgrade' });
    const handed = handedOver(input);
    const fromHanded = migrateBytes(open, handed, entropy, { direction: 'upgrade' });
    expect(fromHanded.checks.integrity).toBe('ok');
    expect(snap(fromHanded.bytes)).toEqual(snap(fromCopy.bytes));
    // Proof that no copy was made: SQLite wrote into the handed-over buffer.
    expect(Buffer.compare(handed, input)).not.toBe(0);
  });

  it('opens a handed-over WAL-mode file through the copy that openCopy makes to fix its header', () => {
    const wal = input.slice();
    wal[18] = 2;
    wal[19] = 2;
    const outcome = migrateBytes(open, handedOver(wal), entropy, { direction: 'upgrade' });
    expect(outcome.checks.integrity).toBe('ok');
    expect(snap(outcome.bytes)).toEqual(snap(migrateBytes(open, input, entropy, { direction: 'upgrade' }).bytes));
  });

  it('a file that grows past its room still works (MEMFS then grows it itself)', () => {
    const bigStep = defineMigration({
      revision: 'feedc0ffee02',
      downRevision: HEAD,
      // More than the 16 MiB of room any file small enough for a unit test gets.
      message: 'test only: grows the file by 40 MB',
      createDate: '2023-01-01 00:00:00',
      summary: 'Adds 40 MB of rows.',
      upgrade(op) {
        op.execute('CREATE TABLE "Filler" (id INTEGER PRIMARY KEY, data BLOB)');
        op.execute('INSERT INTO "Filler" (data) SELECT zeroblob(40960) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1024) SELECT i FROM n)');
      },
      downgrade(op) {
        op.execute('DROP TABLE "Filler"');
      },
    });
    const grown = migrateBytes(open, handedOver(input), entropyProject([...migrations, bigStep]), { direction: 'upgrade' });
    expect(grown.checks.integrity).toBe('ok');
    expect(grown.bytes.length).toBeGreaterThan(roomFor(input.length));
    expect(withDb(grown.bytes, (db) => db.query('SELECT count(*) AS n FROM "Filler"')[0]!.n)).toBe(1024);
  });
});

describe('text as SQLite holds it', () => {
  it('a leading byte order mark, an embedded NUL and an invalid byte come back as native SQLite gives them', async () => {
    const { native } = await import('../native/support.ts');
    const sql = "SELECT char(65279) || 'label' AS bom, 'a' || char(0) || 'b' AS nul, CAST(x'61ff62' AS TEXT) AS bad, 'plain ✓' AS plain, 7 AS n, NULL AS empty";
    const want = { bom: '\ufefflabel', nul: 'a\0b', bad: 'a\ufffdb', plain: 'plain ✓', n: 7, empty: null };
    const sqljs = open(null);
    const nativeDb = native.opener(null);
    try {
      expect(sqljs.query(sql)).toEqual([want]);
      expect(nativeDb.query(sql)).toEqual([want]);
    } finally {
      sqljs.close();
      nativeDb.close();
    }
  });

  it('in a UTF-16 database too: the text comes back as text, not as its UTF-16 bytes', async () => {
    const { native } = await import('../native/support.ts');
    for (const db of [open(null), native.opener(null)]) {
      try {
        db.exec('PRAGMA encoding = "UTF-16le"');
        db.exec("CREATE TABLE t (a TEXT); INSERT INTO t VALUES (char(65279) || 'h\u00e9llo')");
        expect(db.query('SELECT a FROM t')).toEqual([{ a: '\ufeffh\u00e9llo' }]);
      } finally {
        db.close();
      }
    }
  });
});
