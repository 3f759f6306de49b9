/**
 * The projects under a folder, as `scan` lists them: every folder holding the project's
 * database (by its layout: `.entropy/entropy.db` for Entropy), and every `.db` file lying
 * outside a project's own folder (a bare database, as Entropy 0.1 kept them: whether it is
 * the project's is for the caller to tell, by opening it).
 *
 * Symbolic links are never followed (folder-walk.ts), so nothing outside the folder is read.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectLayout } from '../engine/index.ts';
import { walkFolder } from './folder-walk.ts';

export interface FoundProject {
  /** The folder, or the bare database file, as ROOT joined with its path below ROOT. */
  readonly path: string;
  readonly kind: 'folder' | 'bare-database';
  /** The database to read: the folder's by its layout, or the bare file itself. */
  readonly database: string;
}

export interface ProjectTree {
  /** Sorted by path. */
  readonly found: readonly FoundProject[];
  /** Folders that could not be listed (each may hide projects), with the reason. */
  readonly unreadable: readonly { readonly path: string; readonly reason: string }[];
}

/**
 * The CLI's own temporary files and folders (`.NAME.<pid>.tmp`, files.ts), and backups
 * (`NAME.bak.<revision>.db`, kept on purpose as the state before an upgrade): neither is a
 * project to upgrade.
 */
const OWN_TEMPORARY = /^\..+\.\d+\.tmp$/;
const BACKUP = /\.bak\.[^/]+\.db$/;

function isRegularFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

export function findProjects(root: string, layout: ProjectLayout): ProjectTree {
  const found: FoundProject[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  const databaseParts = layout.database.split('/');
  // What of a project folder belongs to the project alone (`.entropy`): not walked again.
  const ownFolder = databaseParts.length > 1 ? databaseParts[0]! : null;
  walkFolder(root, {
    followLinks: false,
    unreadable: (path, error) => unreadable.push({ path, reason: error.message }),
    visit(dir, entries) {
      const database = join(dir, ...databaseParts);
      const isProject = isRegularFile(database);
      if (isProject) found.push({ path: dir, kind: 'folder', database });
      const notEntered: string[] = [];
      for (const entry of entries) {
        // Links are not followed (kind 'link'): neither entered nor taken for a database.
        if (OWN_TEMPORARY.test(entry.name) || (isProject && entry.name === ownFolder)) notEntered.push(entry.name);
        else if (entry.kind === 'file' && entry.name.endsWith('.db') && !BACKUP.test(entry.name) && entry.path !== database) {
          found.push({ path: entry.path, kind: 'bare-database', database: entry.path });
        }
      }
      return notEntered;
    },
  });
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { found: found.sort(byPath), unreadable: unreadable.sort(byPath) };
}
