/**
 * A file can hold virtual tables whose module this SQLite build lacks (sql.js ships without
 * fts5 and rtree). SQLite then refuses every statement with "no such module: X"; the file is
 * not damaged, and saying so would send the user to a backup that has the same table.
 */
import { MigrateError } from '../errors.ts';
import { printable } from '../printable.ts';

const WHAT: Readonly<Record<string, string>> = {
  fts3: 'full-text search',
  fts4: 'full-text search',
  fts5: 'full-text search',
  rtree: 'R*Tree spatial index',
  geopoly: 'Geopoly spatial index',
};

export class MissingSqliteModuleError extends MigrateError {
  constructor(readonly module: string) {
    const name = printable(module, 24);
    const what = WHAT[module.toLowerCase()];
    super(
      'MISSING_SQLITE_MODULE',
      `The database is not damaged, but it has a table that needs SQLite's ${name} module${what ? ` (${what})` : ''}, which this build lacks (no migration creates one), so it is not upgraded. Drop that table with sqlite3 on a copy, or upgrade with the application's own tool.`,
      { module },
    );
    this.name = 'MissingSqliteModuleError';
  }
}

/** The typed error for SQLite's "no such module" message, or null for any other message. */
export function missingModuleError(message: string): MissingSqliteModuleError | null {
  const match = /no such module: ?([^\s,;)]+)/i.exec(message);
  return match ? new MissingSqliteModuleError(match[1]!) : null;
}
