/**
 * One bad file per error a user can meet, made by migrations/builders/damage.ts, with the code and
 * the sentence each must get. The engine, CLI and page (tests/e2e/bad-input.spec.ts) suites
 * all run this table.
 */
import * as damage from '../../migrations/builders/damage.ts';
import { build, HEAD, open } from '../support/db.ts';

export { HEAD };

export interface BadFile {
  readonly name: string;
  readonly code: string;
  /** The whole sentence, or a pattern for sentences that carry numbers or names. */
  readonly message: string | RegExp;
  readonly bytes: () => Uint8Array;
}

const old = () => build('04ae19b32c08', { experiments: 4, seed: 5 });

export const BAD_FILES: readonly BadFile[] = [
  {
    name: 'an empty file',
    code: 'EMPTY_FILE',
    message: 'The file is empty (0 bytes), so there is no database in it.',
    bytes: () => new Uint8Array(0),
  },
  {
    name: 'random bytes',
    code: 'NOT_SQLITE',
    message: "This file is not a SQLite database (it looks like binary data of some other format); choose the entropy.db inside your project's .entropy folder.",
    bytes: () => damage.randomBytes(8192, 3),
  },
  {
    name: 'a PNG image',
    code: 'NOT_SQLITE',
    message: "This file is not a SQLite database (it looks like a PNG image); choose the entropy.db inside your project's .entropy folder.",
    bytes: damage.pngFile,
  },
  {
    name: 'a text file',
    code: 'NOT_SQLITE',
    message: "This file is not a SQLite database (it looks like a text file); choose the entropy.db inside your project's .entropy folder.",
    bytes: damage.textFile,
  },
  {
    name: 'a database cut off mid-page',
    code: 'TRUNCATED',
    message: /^The database file is incomplete: it has \d+ bytes, but its header says \d+\. It was probably cut off while copying; copy it again\.$/,
    bytes: () => {
      const bytes = old();
      return damage.truncate(bytes, bytes.length - 1000);
    },
  },
  {
    name: 'a database cut off inside its header',
    code: 'TRUNCATED',
    message: 'The file is a cut-off SQLite database: even its header is incomplete.',
    bytes: () => damage.truncate(old(), 60),
  },
  {
    name: 'a database with a zeroed table page',
    code: 'DAMAGED',
    message: /^The database is damaged, so it is not upgraded \(SQLite's check found: Tree \d+ page \d+: .+\)\. Use a backup copy of it\.$/,
    bytes: () => damage.damagedPagesDb(open, old()),
  },
  {
    name: "a SQLite database that is not Entropy's",
    code: 'NOT_PROJECT_DB',
    message: "This is a SQLite database, but not Entropy's: it has none of Entropy's tables (it has invoices).",
    bytes: () => damage.foreignSqliteDb(open),
  },
  {
    name: 'a database at a revision from a newer Entropy',
    code: 'UNKNOWN_DB_REVISION',
    message: 'This database is at revision c0ffee15900d, which this build does not know: it was probably written by a newer release than this build knows. Update this tool.',
    bytes: () => damage.unknownRevisionDb(open, old()),
  },
  {
    name: 'a database with two rows in alembic_version',
    code: 'SEVERAL_DB_HEADS',
    message: `The database records several current revisions (04ae19b32c08, 1318a586f31d), and one of them comes after another, so they cannot all be current: alembic_version was changed by hand or by another tool. The file is not upgraded; record the right revision with the stamp command.`,
    bytes: () => damage.severalHeadsDb(open, old()),
  },
];

/** A WAL-mode file with no log beside it: opened, upgraded, and the note says what to check. */
export const WAL_NOTE =
  'The file was in write-ahead-log (WAL) mode. If an entropy.db-wal file lies beside it, close Entropy first so that its changes are written into entropy.db, then open it again.';

export const walModeDb = (): Uint8Array => damage.walMode(old());

export { old as oldDb };
