/**
 * Opening a file for the page: its inspection and the plan to the heads with its SQL, from
 * one checked copy that stays open for the run; and the plan to any other target.
 */
import { journalPath, MigrateError, VERSION_TABLE, versionTableTriggers, type Migrator, type OpenedCopy, type Plan, type ProjectDefinition } from '../engine/index.ts';
import { booksBeside, folderSource, type PickedFolder } from './project-folder.ts';
import type { Opened, PlanView } from './protocol.ts';
import { readOwned } from './read-file.ts';
import { mark } from './timeline.ts';

/**
 * A folder whose last upgrade in place was interrupted (its journal is there) is half old and
 * half new: nothing may be read from it until that upgrade is completed or undone, which needs
 * write access to the folder.
 */
function refuseInterrupted(folder: PickedFolder, database: string): void {
  const journal = journalPath(booksBeside(database));
  if (!folder.has(journal)) return;
  throw new MigrateError(
    'INTERRUPTED_UPGRADE',
    `An earlier upgrade of this project was interrupted before it finished (${journal} is still there), so its files are part old, part new. Let this page complete or undo it (it asks for the folder), or run "entropy-migrate check" on the folder; then open it again.`,
    { journal },
  );
}

/**
 * A plan with the SQL of each of its steps, recorded on a schema-only copy of `copy`;
 * `planned`, the same plan already made (the inspection's), spares counting its words again.
 */
export function previewOf(engine: Migrator, project: ProjectDefinition, copy: OpenedCopy, target: string, folder: PickedFolder | null, planned: Plan | null = null): PlanView {
  const source = folder && folderSource(folder, project.layout.wantsFile);
  const thePlan = planned ?? engine.plan(copy.db, target, source);
  const recorded = engine.record(copy.db, 'current', target);
  return {
    target,
    plan: thePlan,
    statements: recorded.steps.map((step) => [...step.statements]),
    whole: folder !== null,
    // Without the folder the finishing work cannot run: what it leaves undone is in leftUndone.
    finishing: source ? engine.finishingPlans(copy.db, thePlan, source).map(({ title, plan }) => ({ title, changes: plan.changes, warnings: plan.warnings, stops: plan.stops ?? null })) : [],
    leftUndone: folder ? [] : engine.leftUndone(copy.db, thePlan),
  };
}

/**
 * Inspects the file from one checked copy, which the caller keeps open for the run: each open
 * reads the whole file and runs quick_check over it, which on a big file is most of the wait
 * before the plan shows.
 */
export async function inspectFile(engine: Migrator, project: ProjectDefinition, file: Blob, folder: PickedFolder | null): Promise<{ opened: Opened; copy: OpenedCopy }> {
  if (folder) refuseInterrupted(folder, project.layout.database);
  // The project's file work (HDF5) needs its library before a plan can look into the files.
  if (folder) await project.prepare?.();
  mark('inspect sql.js loaded');
  const bytes = await readOwned(file);
  mark('inspect read');
  const copy = engine.openCopy(bytes);
  mark('inspect quick_check');
  try {
    const inspection = engine.inspect(copy, bytes.length);
    mark('inspect plan, row counts');
    // The inspection's plan is the upgrade to the heads on the database alone: with a
    // folder the words also count what is in its files, so that plan is made again.
    const preview = previewOf(engine, project, copy, 'heads', folder, folder ? null : inspection.plan);
    const versionTriggers = versionTableTriggers(copy.db, VERSION_TABLE);
    mark('inspect preview');
    return { opened: { inspection, preview, versionTriggers }, copy };
  } catch (error) {
    copy.db.close();
    throw error;
  }
}
