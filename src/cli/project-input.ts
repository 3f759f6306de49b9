/**
 * Where a whole-project run reads from: a project folder (settled first, then read as the
 * project's own tools read it), or a bare database file and its results file beside it, which
 * the run makes into the project folder they belong in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MigrateError, type FolderSource } from '../engine/index.ts';
import type { CliContext } from './context.ts';
import { folderOnDisk, walkFiles, type FoundFile } from './project-folder.ts';
import { settleFolder } from './settle-folder.ts';

/** Where the project's database and files come from, and where the result goes. */
export interface ProjectInput {
  /** The folder as the user named it (for sentences). */
  readonly shown: string;
  readonly databasePath: string;
  readonly folder: FolderSource;
  /** The project folder, for an in-place run; null for a bare database (which becomes a new folder). */
  readonly root: string | null;
  /** Where a new folder goes when -o does not say. */
  readonly defaultOutput: string;
  /** Every file a new folder starts with: relative path -> where it is now. */
  readonly carried: ReadonlyMap<string, FoundFile>;
  /** Files an in-place run moves into the new folder (a bare database and its results file). */
  readonly moved: readonly string[];
  /** What settling the folder did before anything read it (an interrupted upgrade finished or undone), or null. */
  readonly recovered: string | null;
}

/** A project folder, settled first (settle-folder.ts), then read as the project's own tools read it. */
export async function projectInFolder(ctx: CliContext, dir: string): Promise<ProjectInput> {
  const recovered = await settleFolder(ctx.project, dir);
  const databasePath = join(dir, ...ctx.project.layout.database.split('/'));
  const root = resolve(dir);
  const found = walkFiles(dir);
  return {
    shown: dir,
    databasePath,
    folder: folderOnDisk(dir, ctx.project, found),
    root: dir,
    defaultOutput: join(dirname(root), `${basename(root)}.upgraded`),
    carried: found,
    moved: [],
    recovered,
  };
}

/** A bare database file (and its results file beside it) as the project folder it becomes. */
export function bareDatabaseAsProject(ctx: CliContext, file: string, companions: Readonly<Record<string, string>>): ProjectInput {
  const stem = basename(file).replace(/\.[^.]+$/, '');
  const root = join(dirname(file), stem);
  if (existsSync(join(root, ...ctx.project.layout.database.split('/')))) {
    throw new MigrateError('OUTPUT_EXISTS', `"${root}" already holds a project; move it away or upgrade that project instead.`, { root });
  }
  const files = new Map<string, FoundFile>();
  for (const [path, from] of Object.entries(companions)) if (existsSync(from)) files.set(path, { abs: from, link: null });
  return {
    shown: file,
    databasePath: file,
    folder: { list: () => [...files.keys()], read: (path) => (files.has(path) ? readFileSync(files.get(path)!.abs) : null) },
    root: null,
    defaultOutput: root,
    carried: files,
    moved: [file, ...[...files.values()].map((f) => f.abs)],
    recovered: null,
  };
}
