/**
 * Recording mode of the runner (Alembic's --sql): the statements each step runs, found by
 * running the steps for real on a throw-away database with the right schema and no rows.
 * The migrations' SQL depends on the schema only, so this shows exactly what a real run
 * issues, for a file of any size, at next to no cost. Both the page's SQL preview (from a
 * database's own schema) and offline SQL scripts (from a revision) are this recording.
 */
import { quoteIdent, type Db, type DbOpener } from '../db.ts';
import type { Chain } from '../project/definition.ts';
import { currentRevisions, directionBetween, plan, type Direction } from './plan.ts';
import { run } from './runner.ts';
import { readVersions, VERSION_TABLE } from './version-table.ts';

export interface RecordedStep {
  readonly revision: string;
  readonly direction: Direction;
  readonly message: string;
  readonly notes: readonly string[];
  /** What the step executed, BEGIN and COMMIT (and the version stamp) included. */
  readonly statements: readonly string[];
}

/**
 * The CREATE statements of a database, in their original order, less the triggers on the
 * version table: the copy has no rows, so the version stamps are the only writes a trigger
 * could fire on, and what a trigger does there cannot change which statements the steps run
 * (a trigger that loops or inserts gigabytes would only hold the preview up; the real run
 * still meets it, and the version check after each step refuses what it did).
 */
function schemaOf(db: Db): string[] {
  return db
    .query(
      "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND NOT (type = 'trigger' AND lower(tbl_name) = ?) ORDER BY rowid",
      [VERSION_TABLE],
    )
    .map((row) => String(row.sql));
}

/**
 * Records the steps from where `start` is (a database, whose schema and recorded revisions
 * are copied; or null, for an empty database first upgraded to `from`) to `to`.
 */
export function recordSteps(
  open: DbOpener,
  chain: Chain,
  start: Db | null,
  from: string,
  to: string,
): { direction: Direction | null; from: string[]; to: string[]; steps: RecordedStep[] } {
  const scratch = open(null);
  try {
    if (start) {
      for (const sql of schemaOf(start)) scratch.exec(sql);
      for (const version of readVersions(start)) scratch.run(`INSERT INTO ${quoteIdent(VERSION_TABLE)} (version_num) VALUES (?)`, [version]);
    } else if (from !== 'base') {
      run(scratch, chain, plan(scratch, chain, 'upgrade', from, null, 'uncounted'));
    }
    const fromRevisions = currentRevisions(scratch, chain);
    const toRevisions = chain.resolveTarget(to, fromRevisions);
    const direction = directionBetween(chain, fromRevisions, toRevisions);
    if (!direction) return { direction, from: fromRevisions, to: toRevisions, steps: [] };
    const result = run(scratch, chain, plan(scratch, chain, direction, to, null, 'uncounted'));
    const steps = result.steps.map((s) => ({ revision: s.revision, direction: s.direction, message: s.message, notes: s.notes, statements: s.statements }));
    return { direction, from: fromRevisions, to: toRevisions, steps };
  } finally {
    scratch.close();
  }
}
