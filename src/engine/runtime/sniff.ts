/**
 * Looks at a file's first bytes before SQLite does, so that the common wrong files get a
 * precise sentence instead of SQLite's "file is not a database".
 */
import { MigrateError } from '../errors.ts';

const MAGIC = 'SQLite format 3\u0000';

export interface SqliteHeader {
  readonly pageSize: number;
  readonly pageCount: number;
  /** True when the header says write-ahead logging (bytes 18 and 19 are 2). */
  readonly wal: boolean;
}

function describeNonSqlite(bytes: Uint8Array): string {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'a PNG image';
  if (starts(0xff, 0xd8, 0xff)) return 'a JPEG image';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'a ZIP archive';
  if (starts(0x89, 0x48, 0x44, 0x46)) return 'an HDF5 file, not a database';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'a PDF document';
  const sample = bytes.subarray(0, 512);
  const printable = sample.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128);
  return printable ? 'a text file' : 'binary data of some other format';
}

/** The page size a SQLite header declares (bytes 16-17; 1 means 65536). */
export function declaredPageSize(bytes: Uint8Array): number {
  const raw = (bytes[16]! << 8) | bytes[17]!;
  return raw === 1 ? 65536 : raw;
}

/**
 * Reads and checks the SQLite header; throws a typed error for files SQLite should not see.
 * `bytes` is the file or its start (the header is 100 bytes; a few more help name a foreign
 * file), `size` the whole file's length, so a caller with a file need not read it all.
 */
export function sniffSqlite(bytes: Uint8Array, databaseHint = 'choose the database file itself', size = bytes.length): SqliteHeader {
  if (size === 0) {
    throw new MigrateError('EMPTY_FILE', 'The file is empty (0 bytes), so there is no database in it.', { size: 0 });
  }
  const magic = String.fromCharCode(...bytes.subarray(0, 16));
  if (size < 100 || magic !== MAGIC) {
    if (size >= 16 && magic === MAGIC) {
      throw new MigrateError('TRUNCATED', 'The file is a cut-off SQLite database: even its header is incomplete.', { size });
    }
    const what = describeNonSqlite(bytes);
    throw new MigrateError('NOT_SQLITE', `This file is not a SQLite database (it looks like ${what}); ${databaseHint}.`, { looksLike: what });
  }
  const raw = (bytes[16]! << 8) | bytes[17]!;
  const pageSize = declaredPageSize(bytes);
  const pageCount = ((bytes[28]! << 24) | (bytes[29]! << 16) | (bytes[30]! << 8) | bytes[31]!) >>> 0;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    throw new MigrateError('DAMAGED', `The database header is damaged (page size ${raw} is impossible), so it is not upgraded. Use a backup copy of it.`, { pageSize: raw });
  }
  // Format versions: 1 is a rollback journal, 2 write-ahead logging; SQLite writes nothing else,
  // and opens a file with a higher one read-only or not at all.
  for (const at of [18, 19]) {
    if (bytes[at] !== 1 && bytes[at] !== 2) {
      throw new MigrateError('DAMAGED', `The database header is damaged (file format byte ${at} is ${bytes[at]}, where SQLite writes 1 or 2), so it is not upgraded. Use a backup copy of it.`, { offset: at, value: bytes[at] });
    }
  }
  const expected = pageCount * pageSize;
  // More bytes than the header's pages, not a whole page more: something was appended (or the
  // file is not the database alone). Not the same story as a copy that stopped part-way.
  if (pageCount > 0 && size > expected && size % pageSize !== 0) {
    throw new MigrateError(
      'TRAILING_BYTES',
      `The database file has ${size - expected} bytes after its last page (its header says ${expected} bytes, the file has ${size}): something was appended to it, so it is not upgraded. Copy the database again from its project.`,
      { size, expected },
    );
  }
  if (size % pageSize !== 0 || (pageCount > 0 && size < expected)) {
    throw new MigrateError(
      'TRUNCATED',
      `The database file is incomplete: it has ${size} bytes, but its header says ${pageCount * pageSize}. It was probably cut off while copying; copy it again.`,
      { size, expected: pageCount * pageSize },
    );
  }
  return { pageSize, pageCount, wal: bytes[18] === 2 || bytes[19] === 2 };
}
