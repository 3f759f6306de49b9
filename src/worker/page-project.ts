/**
 * What the page knows of the project before any file is open, as plain data: its name, where
 * its database lives in a project folder, its words and its revisions. The worker's entry is
 * handed the project; the page asks for this once it starts and takes every name, path, table
 * and word from it, so that the page itself names no project.
 */
import { aProject, backupsPath, type DbOpener, type ProjectDefinition, type ProjectWords } from '../engine/index.ts';
import { booksBeside } from './project-folder.ts';

export interface RevisionInfo {
  readonly revision: string;
  readonly message: string;
  readonly summary: string;
  readonly createDate: string;
  /** The release that first shipped it. */
  readonly release: string | null;
  /** The releases that leave a database at exactly this revision, in the project's words; null when none does. */
  readonly releases: string | null;
  /** Which releases write a database at this revision, or what else it is, in the project's words. */
  readonly writtenBy: string;
  /** The project's file it changes beside the database ('params.json'), if any. */
  readonly changesProjectFiles: string | null;
}

/** How a project builds its sample: a small old database, for people without a file at hand. */
export interface SampleMaker {
  readonly name: string;
  /** The revision the sample is at. */
  readonly at: string;
  build(opener: DbOpener): Uint8Array;
}

export interface PageProject {
  /** The name users know the project by ("Entropy"). */
  readonly name: string;
  /** The name with its article ("an Entropy"). */
  readonly aName: string;
  /** Where the database lives in a project folder (POSIX, relative: '.entropy/entropy.db'). */
  readonly database: string;
  /** Where a write into the folder keeps the files it replaces ('.entropy/entropy-migrate-backups'). */
  readonly backups: string;
  /** What the page says of the project's databases and files; null when the project says nothing. */
  readonly words: ProjectWords | null;
  readonly revisions: readonly RevisionInfo[];
  /** The sample, if the page has one: which releases wrote a database like it. */
  readonly sample: { readonly writtenBy: string } | null;
}

export function revisionInfo(project: ProjectDefinition): RevisionInfo[] {
  return project.chain.ordered.map((r) => ({
    revision: r.revision,
    message: r.message,
    summary: r.summary,
    createDate: r.createDate,
    release: r.release ?? null,
    releases: project.releasesAt?.(r.revision) ?? null,
    writtenBy: project.releaseOf({ kind: 'at', revisions: [r.revision] }),
    changesProjectFiles: r.changesProjectFiles ?? null,
  }));
}

export function pageProject(project: ProjectDefinition, sample: SampleMaker | null): PageProject {
  return {
    name: project.name,
    aName: aProject(project),
    database: project.layout.database,
    backups: backupsPath(booksBeside(project.layout.database)),
    words: project.words ?? null,
    revisions: revisionInfo(project),
    sample: sample && { writtenBy: project.releaseOf({ kind: 'at', revisions: [sample.at] }) },
  };
}
