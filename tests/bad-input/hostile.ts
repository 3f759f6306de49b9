/**
 * Hostile files and careless commands: a deterministic corpus, built with the project's own
 * builders. Each case lays itself out in an empty folder (entropy.db there already) and says
 * what the real command must do: refuse with a code (exit 2, one printable sentence of at most
 * 300 characters, nothing written), or succeed with output identical to native sqlite3
 * running the same upgrade (hostile.test.ts runs both).
 */
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as hostile from '../../migrations/builders/hostile.ts';
import { open } from '../support/db.ts';
import { oldDb } from './cases.ts';

export const FROM = '04ae19b32c08';

export type Expectation =
  | { readonly refuse: string }
  /** Success: `output` (relative to the folder) equals native sqlite3's upgrade of the input. */
  | { readonly native: string };

export interface HostileCase {
  readonly name: string;
  /** The database's bytes (default: an Entropy 0.1.x-era file at FROM). */
  readonly bytes?: () => Uint8Array;
  /** Lays out what else the case needs beside `db` and returns the command's arguments. */
  readonly setup: (dir: string, db: string) => string[];
  readonly expect: Expectation;
  /** Environment variables for the command. */
  readonly env?: Readonly<Record<string, string>>;
}

const writeOld = (path: string) => writeFileSync(path, oldDb());

export const HOSTILE_CASES: readonly HostileCase[] = [
  // 1. The output is the input under some name, whatever --force says.
  { name: 'upgrade -o the input --force', setup: (_d, db) => ['upgrade', db, '-o', db, '--force'], expect: { refuse: 'OUTPUT_IS_INPUT' } },
  { name: 'upgrade -o the input without --force', setup: (_d, db) => ['upgrade', db, '-o', db], expect: { refuse: 'OUTPUT_IS_INPUT' } },
  {
    name: 'upgrade -o sub/../entropy.db --force',
    setup: (dir, db) => {
      mkdirSync(join(dir, 'sub'));
      return ['upgrade', db, '-o', join(dir, 'sub', '..', 'entropy.db'), '--force'];
    },
    expect: { refuse: 'OUTPUT_IS_INPUT' },
  },
  {
    name: 'upgrade -o a hard link to the input --force',
    setup: (dir, db) => {
      linkSync(db, join(dir, 'hard.db'));
      return ['upgrade', db, '-o', join(dir, 'hard.db'), '--force'];
    },
    expect: { refuse: 'OUTPUT_IS_INPUT' },
  },
  {
    name: 'upgrade -o a symlink to the input --force',
    setup: (dir, db) => {
      symlinkSync('entropy.db', join(dir, 'soft.db'));
      return ['upgrade', db, '-o', join(dir, 'soft.db'), '--force'];
    },
    expect: { refuse: 'OUTPUT_IS_INPUT' },
  },
  {
    name: 'upgrade through a symlink, -o the real file --force',
    setup: (dir, db) => {
      symlinkSync('entropy.db', join(dir, 'soft.db'));
      return ['upgrade', join(dir, 'soft.db'), '-o', db, '--force'];
    },
    expect: { refuse: 'OUTPUT_IS_INPUT' },
  },
  { name: 'stamp -o the input --force', setup: (_d, db) => ['stamp', db, 'head', '-o', db, '--force'], expect: { refuse: 'OUTPUT_IS_INPUT' } },
  {
    name: 'upgrade --in-place --force where the backup name is a symlink to the input',
    setup: (dir) => {
      symlinkSync('entropy.db', join(dir, `entropy.bak.${FROM}.db`));
      return ['upgrade', join(dir, 'entropy.db'), '--in-place', '--force'];
    },
    expect: { refuse: 'OUTPUT_IS_INPUT' },
  },
  {
    name: 'upgrade a project folder -o its own database --force',
    setup: (dir, db) => {
      mkdirSync(join(dir, 'project', '.entropy'), { recursive: true });
      writeOld(join(dir, 'project', '.entropy', 'entropy.db'));
      void db;
      return ['upgrade', join(dir, 'project'), '-o', join(dir, 'project', '.entropy', 'entropy.db'), '--force'];
    },
    expect: { refuse: 'OUTPUT_IS_INPUT' },
  },
  // Still allowed: --force over an unrelated file, and a symlinked input to a new output.
  {
    name: 'upgrade -o an unrelated existing file --force',
    setup: (dir, db) => {
      writeFileSync(join(dir, 'other.db'), 'old output');
      return ['upgrade', db, '-o', join(dir, 'other.db'), '--force'];
    },
    expect: { native: 'other.db' },
  },
  {
    name: 'upgrade through a symlink to a new output',
    setup: (dir) => {
      symlinkSync('entropy.db', join(dir, 'soft.db'));
      return ['upgrade', join(dir, 'soft.db'), '-o', join(dir, 'out.db')];
    },
    expect: { native: 'out.db' },
  },
  // 2. The version table must end up holding exactly what each step and stamp wrote.
  { name: 'upgrade with a trigger that swallows version updates', bytes: () => hostile.versionFrozenByTriggerDb(open, oldDb()), setup: (_d, db) => ['upgrade', db], expect: { refuse: 'VERSION_TABLE_MISMATCH' } },
  { name: 'upgrade --in-place with a trigger that swallows version updates', bytes: () => hostile.versionFrozenByTriggerDb(open, oldDb()), setup: (_d, db) => ['upgrade', db, '--in-place'], expect: { refuse: 'VERSION_TABLE_MISMATCH' } },
  { name: 'stamp with a trigger that swallows version updates', bytes: () => hostile.versionFrozenByTriggerDb(open, oldDb()), setup: (_d, db) => ['stamp', db, 'head'], expect: { refuse: 'VERSION_TABLE_MISMATCH' } },
  { name: 'upgrade with a trigger that adds a version row', bytes: () => hostile.versionDoubledByTriggerDb(open, oldDb()), setup: (_d, db) => ['upgrade', db], expect: { refuse: 'VERSION_TABLE_MISMATCH' } },
  { name: 'upgrade with the revision recorded twice', bytes: () => hostile.duplicateVersionRowDb(open, oldDb()), setup: (_d, db) => ['upgrade', db], expect: { refuse: 'DUPLICATE_DB_REVISION' } },
  { name: 'stamp with the revision recorded twice', bytes: () => hostile.duplicateVersionRowDb(open, oldDb()), setup: (_d, db) => ['stamp', db, 'head'], expect: { refuse: 'DUPLICATE_DB_REVISION' } },
  { name: 'current with the revision recorded twice', bytes: () => hostile.duplicateVersionRowDb(open, oldDb()), setup: (_d, db) => ['current', db], expect: { refuse: 'DUPLICATE_DB_REVISION' } },
  // Every command that writes checks what it writes.
  { name: 'stamp a file whose index SQL was tampered', bytes: () => hostile.tamperedIndexSqlDb(open, oldDb()), setup: (_d, db) => ['stamp', db, 'head'], expect: { refuse: 'DAMAGED' } },
  { name: 'upgrade a file whose index SQL was tampered', bytes: () => hostile.tamperedIndexSqlDb(open, oldDb()), setup: (_d, db) => ['upgrade', db], expect: { refuse: 'DAMAGED' } },
  // 4. Names from a file or an argument reach the terminal escaped and short.
  { name: 'a foreign file whose table name is a terminal attack', bytes: () => hostile.hostileTableNameDb(open, hostile.TERMINAL_ATTACK), setup: (_d, db) => ['upgrade', db], expect: { refuse: 'NOT_PROJECT_DB' } },
  { name: 'a foreign file whose table name is 1 MB long', bytes: () => hostile.hostileTableNameDb(open, 'T'.repeat(1_000_000)), setup: (_d, db) => ['current', db], expect: { refuse: 'NOT_PROJECT_DB' } },
  { name: 'a recorded revision that is a terminal attack', bytes: () => hostile.hostileRevisionDb(open, oldDb(), hostile.TERMINAL_ATTACK), setup: (_d, db) => ['upgrade', db], expect: { refuse: 'UNKNOWN_DB_REVISION' } },
  { name: 'a recorded revision 1 MB long', bytes: () => hostile.hostileRevisionDb(open, oldDb(), 'f'.repeat(1_000_000)), setup: (_d, db) => ['current', db], expect: { refuse: 'UNKNOWN_DB_REVISION' } },
  { name: '--to a terminal attack', setup: (_d, db) => ['upgrade', db, '--to', hostile.TERMINAL_ATTACK], expect: { refuse: 'UNKNOWN_REVISION' } },
  { name: '--to 100,000 characters', setup: (_d, db) => ['upgrade', db, '--to', 'a'.repeat(100_000)], expect: { refuse: 'UNKNOWN_REVISION' } },
  { name: 'stamp to a terminal attack', setup: (_d, db) => ['stamp', db, hostile.TERMINAL_ATTACK], expect: { refuse: 'UNKNOWN_REVISION' } },
  { name: 'an input path that is a terminal attack and does not exist', setup: (dir) => ['upgrade', join(dir, hostile.TERMINAL_ATTACK)], expect: { refuse: 'FILE_NOT_FOUND' } },
  {
    name: 'an input named with a terminal attack whose output exists',
    setup: (dir) => {
      writeOld(join(dir, `${hostile.TERMINAL_ATTACK}.db`));
      writeFileSync(join(dir, `${hostile.TERMINAL_ATTACK}.upgraded.db`), 'taken');
      return ['upgrade', join(dir, `${hostile.TERMINAL_ATTACK}.db`)];
    },
    expect: { refuse: 'OUTPUT_EXISTS' },
  },
  {
    name: 'an unknown option that is a terminal attack',
    setup: (_d, db) => ['upgrade', db, `--${hostile.TERMINAL_ATTACK}`],
    expect: { refuse: 'USAGE' },
  },
  {
    name: 'upgrade an input named with a terminal attack',
    setup: (dir) => {
      writeOld(join(dir, `${hostile.TERMINAL_ATTACK}.db`));
      return ['upgrade', join(dir, `${hostile.TERMINAL_ATTACK}.db`), '-o', join(dir, 'out.db')];
    },
    expect: { native: 'out.db' },
  },
  // 5. Only regular files are read (a FIFO would block, /dev/zero never ends) or replaced.
  {
    name: 'upgrade a FIFO',
    setup: (dir) => {
      execFileSync('mkfifo', [join(dir, 'pipe.db')]);
      return ['upgrade', join(dir, 'pipe.db')];
    },
    expect: { refuse: 'NOT_A_FILE' },
  },
  {
    name: 'current on a FIFO',
    setup: (dir) => {
      execFileSync('mkfifo', [join(dir, 'pipe.db')]);
      return ['current', join(dir, 'pipe.db')];
    },
    expect: { refuse: 'NOT_A_FILE' },
  },
  {
    name: 'upgrade --in-place a symlink to /dev/zero',
    setup: (dir) => {
      symlinkSync('/dev/zero', join(dir, 'zero.db'));
      return ['upgrade', join(dir, 'zero.db'), '--in-place'];
    },
    expect: { refuse: 'NOT_A_FILE' },
  },
  { name: 'current on /dev/urandom', setup: () => ['current', '/dev/urandom'], expect: { refuse: 'NOT_A_FILE' } },
  {
    name: 'upgrade -o a symlink to /dev/null --force',
    setup: (dir, db) => {
      symlinkSync('/dev/null', join(dir, 'null.db'));
      return ['upgrade', db, '-o', join(dir, 'null.db'), '--force'];
    },
    expect: { refuse: 'NOT_A_FILE' },
  },
  {
    name: 'upgrade -o a folder --force',
    setup: (dir, db) => {
      mkdirSync(join(dir, 'folder.db'));
      return ['upgrade', db, '-o', join(dir, 'folder.db'), '--force'];
    },
    expect: { refuse: 'NOT_A_FILE' },
  },
  // 6. True sentences for files that are not damaged.
  // sql.js lacks the modules; native SQLite has them, and finds these tables (no shadow tables) broken.
  { name: 'upgrade a file with an fts5 table on sql.js', bytes: () => hostile.virtualTableDb(open, oldDb(), 'fts5'), setup: (_d, db) => ['upgrade', db, '--engine', 'sqljs'], expect: { refuse: 'MISSING_SQLITE_MODULE' } },
  { name: 'upgrade a file with an fts5 table on native SQLite', bytes: () => hostile.virtualTableDb(open, oldDb(), 'fts5'), setup: (_d, db) => ['upgrade', db, '--engine', 'native'], expect: { refuse: 'DAMAGED' } },
  { name: 'upgrade a file with an rtree table on sql.js', bytes: () => hostile.virtualTableDb(open, oldDb(), 'rtree', 'id, x0, x1'), setup: (_d, db) => ['upgrade', db, '--engine', 'sqljs'], expect: { refuse: 'MISSING_SQLITE_MODULE' } },
  { name: 'upgrade a file with an rtree table on native SQLite', bytes: () => hostile.virtualTableDb(open, oldDb(), 'rtree', 'id, x0, x1'), setup: (_d, db) => ['upgrade', db, '--engine', 'native'], expect: { refuse: 'DAMAGED' } },
  // A foreign key SQLite cannot check (to a column that is not unique) is not damage: the file
  // is migrated as native SQLite migrates it, that one constraint left out of the check.
  ...(['native', 'sqljs'] as const).map((engine): HostileCase => ({
    name: `upgrade a file with a foreign key to a non-unique column on ${engine}`,
    bytes: () => hostile.foreignKeyMismatchDb(open, oldDb()),
    setup: (_d, db) => ['upgrade', db, '--engine', engine],
    expect: { native: 'entropy.upgraded.db' },
  })),
  // The version table found as SQLAlchemy finds it (names are case-insensitive), kept as spelled.
  ...(['native', 'sqljs'] as const).map((engine): HostileCase => ({
    name: `upgrade a file whose version table is spelled Alembic_Version on ${engine}`,
    bytes: () => hostile.versionTableSpelledDb(open, oldDb()),
    setup: (_d, db) => ['upgrade', db, '--engine', engine],
    expect: { native: 'entropy.upgraded.db' },
  })),
  ...(['native', 'sqljs'] as const).map((engine): HostileCase => ({
    name: `upgrade a file whose alembic_version is a view on ${engine}`,
    bytes: () => hostile.versionViewDb(open, oldDb()),
    setup: (_d, db) => ['upgrade', db, '--engine', engine],
    expect: { refuse: 'VERSION_TABLE_IS_VIEW' },
  })),
  { name: 'stamp a file whose alembic_version is a view', bytes: () => hostile.versionViewDb(open, oldDb()), setup: (_d, db) => ['stamp', db, 'head'], expect: { refuse: 'VERSION_TABLE_IS_VIEW' } },
  { name: 'current on a file whose alembic_version is a view', bytes: () => hostile.versionViewDb(open, oldDb()), setup: (_d, db) => ['current', db], expect: { refuse: 'VERSION_TABLE_IS_VIEW' } },
  { name: 'upgrade a file with bytes appended after its last page', bytes: () => hostile.trailingBytes(oldDb()), setup: (_d, db) => ['upgrade', db], expect: { refuse: 'TRAILING_BYTES' } },
  // 7. A run keeps to its memory budget (a small one here; the default is 2 GB): the database
  // may not grow past twice its size plus the budget, on disk (native) or in memory (sql.js).
  ...(['native', 'sqljs'] as const).map((engine): HostileCase => ({
    name: `upgrade with a trigger that inserts 4 GB of zeroblobs, --memory-limit 64M, on ${engine}`,
    bytes: () => hostile.zeroblobTriggerDb(open, oldDb()),
    setup: (_d, db) => ['upgrade', db, '--memory-limit', '64M', '--engine', engine],
    expect: { refuse: 'OUT_OF_MEMORY' },
  })),
  {
    name: 'upgrade --in-place with a trigger that inserts 4 GB of zeroblobs, limit from the environment',
    bytes: () => hostile.zeroblobTriggerDb(open, oldDb()),
    env: { ENTROPY_MIGRATE_MEMORY_LIMIT: '48M' },
    setup: (_d, db) => ['upgrade', db, '--in-place'],
    expect: { refuse: 'OUT_OF_MEMORY' },
  },
];
