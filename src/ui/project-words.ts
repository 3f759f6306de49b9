/**
 * The project as the page speaks of it: its names, paths and words come from the worker
 * (PageProject, from the project's definition), never from the page itself, so the same page
 * serves any project. Here the places and phrases several views share.
 */
import type { PageProject } from '../worker/api.ts';

export type { PageProject };

/** Where a project folder keeps its database: '.entropy/entropy.db' is in '.entropy', named 'entropy.db'. */
export interface Places {
  readonly database: string;
  /** The database's folder in the project; null when it sits at the project's top. */
  readonly dir: string | null;
  /** The database's file name. */
  readonly file: string;
  /** Whether that folder is hidden (its name starts with a dot), so file pickers do not show it. */
  readonly hidden: boolean;
}

export function placesOf(project: Pick<PageProject, 'database'>): Places {
  const { database } = project;
  const slash = database.lastIndexOf('/');
  const dir = slash < 0 ? null : database.slice(0, slash);
  return { database, dir, file: database.slice(slash + 1), hidden: dir !== null && dir.split('/').some((part) => part.startsWith('.')) };
}

/** How rows of `table` are counted ("experiment", "experiments"); null when the project does not say. */
export function rowNoun(project: PageProject, table: string): readonly [string, string] | null {
  return project.words?.rows[table] ?? null;
}

/** The project's other files that a run reads or writes, in a phrase ("params.json and the results files"). */
export function filesBeside(project: PageProject): string {
  return project.words?.filesBeside ?? 'its other files';
}

/** The release that reads an upgraded project ("Entropy 0.15.9"). */
export function latestRelease(project: PageProject): string {
  return project.words?.latestRelease ?? project.name;
}

/** The id under which the browser's folder picker remembers the last project folder. */
export function folderPickerId(project: PageProject): string {
  return `${project.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-project`;
}
