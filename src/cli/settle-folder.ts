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

/** The database's folder ('.entropy'), where a run's temporary files go. */
export const homeOf = (project: ProjectDefinition): string => dirname(project.layout.database);

/** The prefix of the folder commit's journal and backups, beside the database: '.entropy/entropy-migrate'. */
export const booksOf = (project: ProjectDefinition): string => join(homeOf(project), 'entropy-migrate').split('\\').join('/');

/** Settles the project folder `root`; returns what recovery did, in one sentence, or null. */
export async function settleFolder(project: ProjectDefinition, root: string, shown = root): Promise<string | null> {
  const recovery = await recoverInterrupted(diskFolder(root, shown), booksOf(project), thisProcess(), ownerAlive);
  removeDeadTemps(join(root, ...homeOf(project).split('/')));
  return recovery?.sentence ?? null;
}
