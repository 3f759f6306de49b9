/**
 * The checks on a native run's result, side by side: integrity_check on the check thread's
 * read-only connection, the foreign-key check and the row counts on one of this thread's,
 * both on the finished work file (no journal, every transaction committed: the file is the
 * database). On two cores the checks take about as long as integrity_check alone. The verdict
 * is the engine's (resultReport), in the same order: a failed integrity_check is named before
 * anything the other checks found or failed on.
 */
import { countRows, foreignKeyViolations, findingsIn, INTEGRITY_CHECK, resultReport, type CheckedResult, type ForeignKeyFindings, type TableCount } from '../engine/index.ts';
import type { CheckThread, NativeSqlite, OpenOptions } from '../native/adapter.ts';

export function checkSideBySide(native: NativeSqlite, thread: CheckThread, work: string, before: ForeignKeyFindings, options: OpenOptions): CheckedResult {
  const integrity = thread.query(work, INTEGRITY_CHECK, options);
  let found: { foreignKeys: ForeignKeyFindings; after: TableCount[] } | null = null;
  let failure: unknown = null;
  try {
    const db = native.openReadOnly(work, options);
    try {
      found = { foreignKeys: foreignKeyViolations(db), after: countRows(db) };
    } finally {
      db.close();
    }
  } catch (error) {
    failure = error;
  }
  const findings = findingsIn(integrity());
  const checks = resultReport(findings, () => {
    if (!found) throw failure;
    return found.foreignKeys;
  }, before);
  return { checks, after: found!.after };
}
