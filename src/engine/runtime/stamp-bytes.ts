/**
 * stamp on a private copy, with the same checks on the result as a run: a stamp writes a new
 * file too, and must not hand out one that fails integrity_check (a tampered index passes
 * the quick check on opening and only the full check finds it).
 */
import type { DbFile, DbOpener, DbSource } from '../db.ts';
import { CheckFailedError } from '../errors.ts';
import { notesWithChecks } from './migrate-copy.ts';
import { bytesSource, classifySqliteError, damageIn, openSource, type InputSource } from './open-copy.ts';
import { checkResult, type CheckReport } from './result-checks.ts';
import { foreignKeyViolations } from './foreign-key-check.ts';
import type { ProjectDefinition } from '../project/definition.ts';
import { stamp } from './runner.ts';

export interface StampOutcome {
  readonly bytes: Uint8Array;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly checks: CheckReport;
  readonly notes: readonly string[];
}

/** Records `target` in a copy of the input, checks the copy, and returns its bytes. */
export function stampBytes(open: DbOpener, input: Uint8Array | InputSource, project: ProjectDefinition, target: string): StampOutcome {
  const { output, ...rest } = stampSource(bytesSource(open, input), project, target, (db) => db.export());
  return { ...rest, bytes: output };
}

/** The same on any source; `finish` takes the checked copy as the caller needs it (see migrateOpened). */
export function stampSource<T>(source: DbSource, project: ProjectDefinition, target: string, finish: (db: DbFile) => T): Omit<StampOutcome, 'bytes'> & { readonly output: T } {
  const { db, notes } = openSource(source, project);
  try {
    const violationsBefore = foreignKeyViolations(db);
    const { from, to } = stamp(db, project.chain, target);
    const checks = checkResult(db, violationsBefore);
    return { output: finish(db), from, to, checks, notes: notesWithChecks(notes, checks) };
  } catch (error) {
    const classified = classifySqliteError(error, project.databaseHint);
    if (classified instanceof CheckFailedError) throw damageIn(() => source.openUntouched()) || classified;
    throw classified;
  } finally {
    db.close();
  }
}
