/**
 * A database file upgraded, downgraded or stamped with native SQLite, on the file itself: the
 * input is copied to a work file beside the output (fileSource), the engine checks and runs
 * on that copy, and the checked copy is fsynced and renamed into place. Memory stays flat
 * whatever the size. The promises are deliver()'s for sql.js's bytes: never over the input
 * unless --in-place (and then after a backup copy), never over a file that is not a regular
 * file, the input's permissions on what is written, and nothing left behind on failure.
 */
import { constants, copyFileSync, fsyncSync, openSync, closeSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { MigrateError, Migrator, oneLine, type Direction, type ProgressEvent, type ProjectDefinition, type RunOutcome } from '../engine/index.ts';
import type { NativeSqlite } from '../native/adapter.ts';
import { besideInput, refuseExisting, removeStaleTemps, syncDirectory, syncFile, tempName } from './files.ts';
import { fileSource, type FileSource } from './native-source.ts';
import { applyOwnership, ownershipOf } from './permissions.ts';
import { refuseNonRegularTarget } from './regular-file.ts';
import { refuseSameFile } from './same-file.ts';
import { shownPath } from './terminal.ts';

export interface FileRunRequest {
  /** The database file (a project folder already resolved to it). */
  readonly input: string;
  readonly direction: Direction;
  /** Any target Alembic accepts; default: the heads for upgrades, base for downgrades. */
  readonly target?: string;
  /** Where to write; default IN.<upgraded|downgraded>.db beside the input. */
  readonly output?: string;
  /** Replace the input (after saving it as IN.bak.<from-revision>.db). */
  readonly inPlace?: boolean;
  readonly force?: boolean;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Called after the checks passed and before anything is put in place (the CLI's Ctrl-C checkpoint). */
  readonly beforeWrite?: () => Promise<void>;
}

/** What a run did, and where the result went (null when --in-place had nothing to run: nothing written). */
export interface FileOutcome extends RunOutcome {
  readonly output: string | null;
}

/** What the result replaces or becomes, decided before any work: the same refusals as deliver(). */
function destinationOf(input: string, suffix: string, options: Pick<FileRunRequest, 'output' | 'inPlace' | 'force'>): string {
  if (options.inPlace) return input;
  const output = options.output ?? besideInput(input, suffix);
  refuseSameFile(input, [{ path: output, role: 'output' }]);
  refuseNonRegularTarget(output, 'output');
  refuseExisting(output, options.force ?? false);
  return output;
}

/** The input's work copy, beside where it will be renamed to. */
function sourceFor(native: NativeSqlite, input: string, destination: string, inPlace: boolean): FileSource {
  removeStaleTemps(destination);
  return fileSource(native, input, tempName(destination, process.pid), ownershipOf(input, inPlace));
}

/** Copies the input to its backup through a synced temporary file and a rename, with the input's owner and mode. */
function backUp(input: string, backup: string): void {
  removeStaleTemps(backup);
  const temp = tempName(backup, process.pid);
  try {
    copyFileSync(input, temp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    const fd = openSync(temp, 'r+');
    try {
      applyOwnership(fd, ownershipOf(input, true));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, backup);
    syncDirectory(dirname(backup));
  } catch (error) {
    rmSync(temp, { force: true });
    throw new MigrateError('IO', `Cannot write "${shownPath(backup)}": ${oneLine((error as Error).message)}.`, { path: backup });
  }
}

/** Renames the checked work file into place (after a backup of the input, for --in-place). */
function putInPlace(source: FileSource, input: string, destination: string, from: readonly string[], options: Pick<FileRunRequest, 'inPlace' | 'force'>): void {
  let backup: string | null = null;
  if (options.inPlace) {
    backup = besideInput(input, `bak.${from.join('_') || 'base'}`);
    refuseSameFile(input, [{ path: backup, role: 'backup' }]);
    refuseNonRegularTarget(backup, 'backup');
    refuseExisting(backup, options.force ?? false);
    backUp(input, backup);
  }
  try {
    source.seal();
    syncFile(source.work);
    renameSync(source.work, destination);
  } catch (error) {
    // The input is untouched (the rename is atomic), so the backup only stands in the way.
    if (backup) rmSync(backup, { force: true });
    throw new MigrateError('IO', `Cannot write "${shownPath(destination)}": ${oneLine((error as Error).message)}.`, { path: destination });
  }
  syncDirectory(dirname(destination));
}

/** Upgrades or downgrades a database file natively; see the module comment. */
export async function migrateFile(native: NativeSqlite, project: ProjectDefinition, request: FileRunRequest): Promise<FileOutcome> {
  const { input, direction } = request;
  const destination = destinationOf(input, direction === 'upgrade' ? 'upgraded' : 'downgraded', request);
  const source = sourceFor(native, input, destination, request.inPlace ?? false);
  try {
    await source.prepare(project);
    const { output: _none, ...outcome } = new Migrator(native.opener, project).migrateSource(
      source,
      { direction, target: request.target ?? (direction === 'upgrade' ? 'heads' : 'base'), onProgress: request.onProgress },
      () => undefined,
    );
    await request.beforeWrite?.();
    // With nothing to run, --in-place has nothing to replace; otherwise the output is written
    // anyway, so that a batch finds every OUT where it asked for it.
    if (outcome.result.steps.length === 0 && request.inPlace) return { ...outcome, output: null };
    putInPlace(source, input, destination, outcome.result.from, request);
    return { ...outcome, output: destination };
  } finally {
    source.discard();
  }
}

/** stamp on a file natively: records `target` in a checked copy, put in place as migrateFile does. */
export async function stampFile(
  native: NativeSqlite,
  project: ProjectDefinition,
  input: string,
  target: string,
  options: Pick<FileRunRequest, 'output' | 'inPlace' | 'force' | 'beforeWrite'>,
): Promise<{ from: readonly string[]; to: readonly string[]; output: string }> {
  const destination = destinationOf(input, 'stamped', options);
  const source = sourceFor(native, input, destination, options.inPlace ?? false);
  try {
    await source.prepare(project);
    const { from, to } = new Migrator(native.opener, project).stampSource(source, target, () => undefined);
    await options.beforeWrite?.();
    putInPlace(source, input, destination, from, options);
    return { from, to, output: destination };
  } finally {
    source.discard();
  }
}
