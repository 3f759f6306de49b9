/**
 * A whole-project run into a new folder: built as a temporary folder beside where it goes
 * (native SQLite works inside it) and renamed into place at the end, never over the project
 * it reads nor around any file it reads.
 */
import { existsSync, mkdirSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fillNewFolder, MigrateError, type FileChange, type ProjectDefinition } from '../engine/index.ts';
import { diskFolder } from './disk-folder.ts';
import { refuseExisting, removeStaleTemps, tempName } from './files.ts';
import type { ProjectInput } from './project-input.ts';
import { commitChanges, copyProject } from './project-folder.ts';
import { homeOf } from './settle-folder.ts';
import { shownPath } from './terminal.ts';

/** What a whole-project run hands back to the folder: the new database and every other change. */
export interface FolderUpdate {
  readonly database: Exclude<FileChange, { kind: 'remove' }>;
  readonly changes: readonly FileChange[];
  /** Folders to create even when empty (POSIX paths). */
  readonly folders: readonly string[];
}

/** The real path of something that may not exist yet (its nearest existing folder decides). */
function realPath(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realPath(parent), basename(absolute));
  }
}

const within = (inner: string, outer: string) => inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : `${outer}${sep}`);

/**
 * A new folder may be neither the project, nor inside it, nor around any file the run reads:
 * replacing it (--force) would delete the very files being upgraded.
 */
function refuseOverlap(input: ProjectInput, output: string): void {
  const out = realPath(output);
  const sources = [input.root, input.databasePath, ...[...input.carried.values()].map((f) => f.abs)].filter((p): p is string => p !== null).map(realPath);
  const hit = sources.find((source) => within(source, out) || (input.root !== null && within(out, realPath(input.root))));
  if (hit) {
    throw new MigrateError(
      'OUTPUT_IS_INPUT',
      `The output "${shownPath(output)}" is the project being upgraded, or inside it, or holds it, and writing there would destroy it; choose a folder elsewhere, or use --in-place. Nothing was written.`,
      { output },
    );
  }
}

/** A new folder being built: a temporary folder beside where it goes, renamed into place at the end. */
export interface NewFolder {
  readonly output: string;
  readonly temp: string;
  readonly force: boolean;
}

/** Checks where a new folder goes and starts it, before any work (native SQLite works inside it). */
export function startNewFolder(input: ProjectInput, output: string, force: boolean): NewFolder {
  refuseOverlap(input, output);
  refuseExisting(output, force);
  // A killed run's folder beside it (a copy of a whole project) goes, as the other temporary files do.
  removeStaleTemps(resolve(output));
  const temp = tempName(resolve(output), process.pid);
  rmSync(temp, { recursive: true, force: true });
  try {
    mkdirSync(temp, { recursive: true });
  } catch (error) {
    throw new MigrateError('IO', `Cannot write "${shownPath(output)}": ${(error as Error).message}. Nothing was written.`, { output });
  }
  return { output, temp, force };
}

/**
 * Completes a new folder: the input's other files, the new database and the changes, renamed
 * into place; `tidy` removes the run's own temporary files from it first.
 */
export async function completeNewFolder(project: ProjectDefinition, input: ProjectInput, folder: NewFolder, update: FolderUpdate, tidy: () => void): Promise<void> {
  const { output, temp } = folder;
  try {
    // The old database is not carried: the new one takes its place.
    copyProject(input.carried, homeOf(project), temp, (path) => path === update.database.path);
    await fillNewFolder(diskFolder(temp, output), commitChanges(temp, update.database, update.changes, update.folders), { words: NEW_FOLDER_WORDS, force: folder.force });
    tidy();
    if (existsSync(output)) rmSync(output, { recursive: true, force: true });
    renameSync(temp, output);
  } catch (error) {
    throw error instanceof MigrateError ? error : new MigrateError('IO', `Cannot write "${output}": ${(error as Error).message}. Nothing was written.`, { output });
  }
}

const NEW_FOLDER_WORDS = { elsewhere: 'choose another output folder', force: 'add --force' };
