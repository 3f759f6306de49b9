/**
 * What every command does before it reads a project folder: an upgrade that a crash, a kill
 * or a power cut interrupted is completed or undone (engine: recoverInterrupted), and the
 * temporary files of runs that were killed are removed, so that the project is wholly old or
 * wholly new and holds nothing of a dead run's.
 */
import { dirname, join } from 'node:path';
import { recoverInterrupted, type ProjectDefinition } from '../engine/index.ts';
import { diskFolder, ownerAlive, thisProcess } from './disk-folder.ts';
import { removeDeadTemps } from './files.ts';

/** The folder of a project's bookkeeping (journal, backups): the database's own, '.entropy'. */
export const homeOf = (project: ProjectDefinition): string => dirname(project.layout.database);

/** Settles the project folder `root`; returns what recovery did, in one sentence, or null. */
export async function settleFolder(project: ProjectDefinition, root: string, shown = root): Promise<string | null> {
  const home = homeOf(project);
  const recovery = await recoverInterrupted(diskFolder(root, shown), home, thisProcess(), ownerAlive);
  removeDeadTemps(join(root, ...home.split('/')));
  return recovery?.sentence ?? null;
}
