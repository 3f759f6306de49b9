/**
 * The project's work beyond the chain: its finishing work on the folder once a run reaches
 * the heads, and, for a run on the database alone, what that run leaves undone.
 */
import type { Db } from '../db.ts';
import { MigrateError } from '../errors.ts';
import { isOutOfMemory } from '../out-of-memory.ts';
import { oneLine } from '../printable.ts';
import type { FinishingReport, ProjectDefinition, ReadBackCount } from '../project/definition.ts';
import type { StagedFiles } from '../project/files.ts';
import type { Direction } from './plan.ts';
import type { RunOptions } from './runner.ts';

/**
 * What a database-only run of these steps does not do that a whole-project run would: the
 * files revisions change, and (when the run reaches the heads) the finishing work.
 */
export function undoneWithoutFolder(
  db: Db,
  project: ProjectDefinition,
  steps: readonly { readonly revision: string; readonly direction: Direction }[],
  atHeads: boolean,
): string[] {
  const out: string[] = [];
  const skipped = steps.filter((s) => s.direction === 'upgrade' && project.chain.get(s.revision).changesProjectFiles);
  if (skipped.length) {
    const files = [...new Set(skipped.map((s) => project.chain.get(s.revision).changesProjectFiles))].join(' and ');
    out.push(`${skipped.length === 1 ? 'Revision' : 'Revisions'} ${skipped.map((s) => s.revision).join(', ')} also ${skipped.length === 1 ? 'changes' : 'change'} ${files}, which a run on the database alone leaves as it is.`);
  }
  if (atHeads) {
    for (const work of project.finishing ?? []) {
      const undone = work.describe(db, null).leftUndoneWithoutFolder;
      if (undone) out.push(undone);
    }
  }
  return out;
}

export function reachesHeads(heads: readonly string[], at: readonly string[]): boolean {
  return heads.length === at.length && heads.every((h) => at.includes(h));
}

/**
 * The project's work on its folder after the chain reached the heads, each in its own
 * transaction: a failure rolls the database back and, the files being staged, changes nothing.
 */
export function finishProject(db: Db, project: ProjectDefinition, files: StagedFiles, progress: RunOptions['onProgress']): FinishingReport {
  const works = project.finishing ?? [];
  const done: string[] = [];
  const warnings: string[] = [];
  const readBack: ReadBackCount[] = [];
  if (!works.length) return { done, warnings };
  progress?.({ kind: 'phase', phase: 'finishing' });
  // Before the first transaction: the finishing work adds to the database (the HDF5 move flags rows).
  db.prepareToGrow?.();
  for (const work of works) {
    db.exec('BEGIN');
    try {
      const report = work.run(db, files);
      done.push(...report.done);
      warnings.push(...report.warnings);
      readBack.push(...(report.readBack ?? []));
      db.exec('COMMIT');
    } catch (error) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // SQLite already rolled back.
      }
      if (error instanceof MigrateError || isOutOfMemory(error)) throw error;
      throw new MigrateError('FINISHING_FAILED', `${work.title} failed: ${oneLine(error instanceof Error ? error.message : String(error))}. Nothing was written.`, { work: work.title });
    }
  }
  return { done, warnings, readBack };
}
