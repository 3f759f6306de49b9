/**
 * The version table must say exactly what happened. Alembic checks every stamp it writes
 * ("Online migration expected to match one row ... 0 found"), so a user trigger that swallows
 * the UPDATE (BEFORE UPDATE ... RAISE(IGNORE)) or a row recorded twice stops Alembic; without
 * the same checks here such a file would be reported upgraded while it still records the old
 * revision. Both are refused with a sentence that names the culprit.
 */
import type { Db } from '../db.ts';
import { MigrateError } from '../errors.ts';
import { printable } from '../printable.ts';

const listed = (ids: readonly string[]): string => (ids.length ? ids.map((id) => printable(id, 40)).join(', ') : 'no revision');

/** alembic_version holds the same revision more than once: refused before anything runs. */
export class DuplicateDbRevisionError extends MigrateError {
  constructor(readonly revisions: readonly string[]) {
    super(
      'DUPLICATE_DB_REVISION',
      `alembic_version records ${listed(revisions)} more than once, which Alembic refuses ("expected to match one row"): the table was edited by hand or by another tool. Delete the extra row, then run again; nothing was written.`,
      { revisions },
    );
    this.name = 'DuplicateDbRevisionError';
  }
}

/** alembic_version is a view: refused before anything runs, as Alembic would fail at its first stamp. */
export class VersionTableIsViewError extends MigrateError {
  constructor(readonly view: string) {
    super(
      'VERSION_TABLE_IS_VIEW',
      `${printable(view, 40)} is a view in this file, not a table, so no revision can be recorded in it (Alembic fails at its first update too); it was made by hand or by another tool. Nothing was written; replace the view with a table of the same name and run again.`,
      { view },
    );
    this.name = 'VersionTableIsViewError';
  }
}

/** After a step or a stamp, the table does not hold what was just written into it. */
export class VersionTableMismatchError extends MigrateError {
  constructor(
    readonly expected: readonly string[],
    readonly found: readonly string[],
    readonly triggers: readonly string[],
  ) {
    const why = triggers.length
      ? `the trigger${triggers.length > 1 ? 's' : ''} ${listed(triggers)} on alembic_version changed what was written, which Alembic refuses too ("expected to match one row"). Nothing was written; drop the trigger and run again.`
      : 'something in the file changed what was written, which Alembic refuses too ("expected to match one row"). Nothing was written.';
    super(
      'VERSION_TABLE_MISMATCH',
      `alembic_version should record ${listed(expected)} but holds ${listed(found)}: ${why}`,
      { expected, found, triggers },
    );
    this.name = 'VersionTableMismatchError';
  }
}

/** Refuses recorded revisions that appear more than once. */
export function assertNoDuplicateVersions(recorded: readonly string[]): void {
  const twice = [...new Set(recorded.filter((r, i) => recorded.indexOf(r) !== i))];
  if (twice.length) throw new DuplicateDbRevisionError(twice);
}

/**
 * Triggers that fire on the version table or write to it from elsewhere: made outside the
 * project's own revisions, they run at every step's stamp (a page warns of them before a run).
 */
export function versionTableTriggers(db: Db, table: string): string[] {
  return db
    .query(
      `SELECT name FROM sqlite_master WHERE type = 'trigger' AND (lower(tbl_name) = lower(?) OR instr(lower(sql), lower(?)) > 0) ORDER BY name`,
      [table, table],
    )
    .map((r) => String(r.name));
}

/**
 * Checks, inside the step's transaction, that the version table holds exactly `expected`
 * (each once): what the stamp statements just wrote, as Alembic checks each row it touches.
 */
export function assertVersionsAre(db: Db, table: string, expected: readonly string[]): void {
  const found = db.query(`SELECT version_num FROM "${table}"`).map((r) => String(r.version_num));
  const same = found.length === expected.length && [...found].sort().every((v, i) => v === [...expected].sort()[i]);
  if (!same) throw new VersionTableMismatchError(expected, found, versionTableTriggers(db, table));
}
