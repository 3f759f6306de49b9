/**
 * A command that writes a new database file (upgrade, downgrade, stamp of a .db), on either
 * SQLite: where the result goes is decided and checked before any work, the work runs on a
 * private copy (database-work.ts), and only a checked result is put in place: never over the
 * input unless --in-place (and then after a backup, IN.bak.<from-revision>.db), never over a
 * file that is not a regular file, with the input's permissions, nothing left behind on failure.
 */
import { rmSync } from 'node:fs';
import type { Direction, ProgressEvent, RunOutcome } from '../engine/index.ts';
import type { CliContext, CliOptions } from './context.ts';
import { databaseWork, type Checked, type DatabaseWork } from './database-work.ts';
import { backupBeside, besideInput, refuseExisting } from './files.ts';
import { refuseNonRegularTarget } from './regular-file.ts';
import { refuseSameFile } from './same-file.ts';

export interface FileRunOptions extends Pick<CliOptions, 'output' | 'in-place' | 'force'> {
  /** Called after the checks passed and before anything is put in place (the CLI's Ctrl-C checkpoint). */
  readonly beforeWrite?: () => Promise<void>;
}

/** What a command works with: native SQLite or not, the Migrator, the project. */
export type Engine = Pick<CliContext, 'native' | 'migrator' | 'project'>;

export interface MigrateFileRequest extends FileRunOptions {
  readonly input: string;
  readonly direction: Direction;
  /** Any target Alembic accepts; the engine's default (the heads up, base down) without one. */
  readonly target?: string;
  readonly onProgress?: (event: ProgressEvent) => void;
}

/** upgrade or downgrade of a database file: the CLI's run of a .db (and the bench's). */
export async function migrateFile(engine: Engine, request: MigrateFileRequest): Promise<RunOutcome & { readonly output: string | null }> {
  const { input, direction, target, onProgress } = request;
  const { outcome, output } = await runOnFile(engine, input, direction === 'upgrade' ? 'upgraded' : 'downgraded', request, (on) => {
    const { output: checked, ...outcome } = engine.migrator.migrateSource(on.source, { direction, target, onProgress }, on.take);
    return { from: outcome.result.from, output: checked, changed: outcome.result.steps.length > 0, outcome };
  });
  return { ...outcome, output };
}

/** What the work did: where the database was (names the backup) and whether it changed anything. */
export interface FileWork {
  readonly from: readonly string[];
  readonly output: Checked;
  /** False when there was nothing to run: --in-place then leaves the input alone. */
  readonly changed: boolean;
}

/**
 * Runs `work` on the database file `input` and puts its result where the options say (`suffix`
 * names the default output, IN.<suffix>.db); returns what `work` returned, with where the
 * result went (null when --in-place had nothing to do: nothing written).
 */
export async function runOnFile<T extends FileWork>(
  ctx: Engine,
  input: string,
  suffix: string,
  options: FileRunOptions,
  work: (on: DatabaseWork) => T,
): Promise<Omit<T, 'output'> & { readonly output: string | null }> {
  const inPlace = options['in-place'] ?? false;
  const destination = destinationOf(input, suffix, options);
  const on = await databaseWork(ctx, input, destination, inPlace);
  try {
    const { output: checked, ...done } = work(on);
    await options.beforeWrite?.();
    // With nothing to run, --in-place has nothing to replace; otherwise the output is written
    // anyway, so that a batch finds every OUT where it asked for it.
    if (!done.changed && inPlace) return { ...done, output: null };
    putResult(on, checked, input, destination, done.from, options);
    return { ...done, output: destination };
  } finally {
    on.discard();
  }
}

/** What the result replaces or becomes, decided before any work. */
function destinationOf(input: string, suffix: string, options: FileRunOptions): string {
  if (options['in-place']) return input;
  const output = options.output ?? besideInput(input, suffix);
  refuseSameFile(input, [{ path: output, role: 'output' }]);
  refuseNonRegularTarget(output, 'output');
  refuseExisting(output, options.force ?? false);
  return output;
}

/** Puts the checked result at `destination`, after a backup of the input for --in-place. */
function putResult(on: DatabaseWork, result: Checked, input: string, destination: string, from: readonly string[], options: FileRunOptions): void {
  if (!options['in-place']) return on.put(result, destination);
  const backup = backupBeside(input, from);
  refuseSameFile(input, [{ path: backup, role: 'backup' }]);
  refuseNonRegularTarget(backup, 'backup');
  refuseExisting(backup, options.force ?? false);
  on.backUp(backup);
  try {
    on.put(result, destination);
  } catch (error) {
    // The input is untouched (the rename is atomic), so the backup only stands in the way:
    // left behind, it makes the next run stop at OUTPUT_EXISTS.
    rmSync(backup, { force: true });
    throw error;
  }
}
