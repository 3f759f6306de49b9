/**
 * A project folder on disk, as a whole-project run reads it: the files the project asks for
 * (read only when a revision or the finishing work reads them), found as the project's own
 * tools find them, through symbolic links (a results folder on another disk is common); and
 * what the run hands back to the folder, as the folder commit's changes (folder-commit.ts).
 */
import { copyFileSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { MigrateError, oneLine, type CommitChanges, type FileChange, type FolderSource, type ProjectDefinition } from '../engine/index.ts';
import { walkFolder } from './folder-walk.ts';
import { shownPath } from './terminal.ts';

const toPosix = (path: string): string => path.split(sep).join('/');

/** A file found below a folder: where it is, and whether a link led to it. */
export interface FoundFile {
  readonly abs: string;
  /** The link itself, when the file is one; null for a plain file (or one inside a linked folder). */
  readonly link: string | null;
}

/** Component by component, as a walk in name order meets them ("a/x" before "a-b"). */
function byComponents([a]: readonly [string, unknown], [b]: readonly [string, unknown]): number {
  const [x, y] = [a.split('/'), b.split('/')];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}

/**
 * Every file below `root` by POSIX path relative to it, following links to files and folders
 * as Entropy's own tools do (folder-walk.ts: a loop is not entered again); a link that leads
 * nowhere is listed as a link with no file behind it.
 */
export function walkFiles(root: string): Map<string, FoundFile> {
  const out: [string, FoundFile][] = [];
  walkFolder(root, {
    followLinks: true,
    visit(_dir, entries) {
      for (const entry of entries) {
        if (entry.kind === 'file' || entry.kind === 'broken-link') out.push([toPosix(relative(root, entry.path)), { abs: entry.path, link: entry.isLink ? entry.path : null }]);
      }
    },
  });
  return new Map(out.sort(byComponents));
}

/** The project's files in `root` (those its layout wants), read from disk when asked for. */
export function folderOnDisk(root: string, project: ProjectDefinition, found = walkFiles(root)): FolderSource {
  const wanted = [...found.keys()].filter((path) => path !== project.layout.database && project.layout.wantsFile(path));
  return {
    list: () => wanted,
    read(path) {
      const file = wanted.includes(path) ? found.get(path) : undefined;
      if (!file) return null;
      try {
        return readFileSync(file.abs);
      } catch (error) {
        const why = file.link ? `it is a link to ${readlinkSync(file.link)}, which cannot be read (${oneLine((error as Error).message)})` : oneLine((error as Error).message);
        throw new MigrateError('IO', `Cannot read "${shownPath(join(root, path))}": ${why}. Nothing was written.`, { path });
      }
    },
  };
}

/**
 * Copies a project's files into a new folder. Inside the project's data folder (`dataDir`,
 * '.entropy') links are followed and their files copied, so the new project holds its data
 * itself and nothing it is later asked to write reaches the old one; elsewhere (a user's own
 * files beside the project) a link stays a link, to the same place.
 */
export function copyProject(found: ReadonlyMap<string, FoundFile>, dataDir: string, target: string, skip: (path: string) => boolean): void {
  mkdirSync(target, { recursive: true });
  for (const [path, file] of found) {
    if (skip(path)) continue;
    const to = join(target, ...path.split('/'));
    mkdirSync(dirname(to), { recursive: true });
    const inData = path === dataDir || path.startsWith(`${dataDir}/`);
    if (file.link && !inData) {
      const pointsTo = readlinkSync(file.link);
      symlinkSync(isAbsolute(pointsTo) ? pointsTo : resolve(dirname(file.link), pointsTo), to);
    } else if (file.link === file.abs && !existsAsFile(file.abs)) {
      continue; // a link to nothing, inside the data folder: nothing to carry
    } else {
      copyFileSync(file.abs, to);
    }
  }
}

function existsAsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * A run's result as the folder commit's changes, the database last (the file that says which
 * revision the project is at changes after its files). Files the run wrote to disk itself
 * ('place') must lie inside `root`.
 */
export function commitChanges(root: string, database: Exclude<FileChange, { kind: 'remove' }>, changes: readonly FileChange[], folders: readonly string[]): CommitChanges<Uint8Array> {
  const writes = [...changes.filter((c) => c.kind !== 'remove'), database].map((c) => {
    const change = c as Exclude<FileChange, { kind: 'remove' }>;
    if (change.kind === 'write') return { path: change.path, content: { data: change.bytes }, replaces: change.replaces };
    const staged = toPosix(relative(root, change.from));
    if (staged.startsWith('..') || isAbsolute(staged)) throw new Error(`a staged file lies outside the project: ${change.from}`);
    return { path: change.path, content: { staged }, replaces: change.replaces };
  });
  return { writes, removals: changes.filter((c) => c.kind === 'remove').map((c) => c.path), folders };
}

/** True when `path` is a folder (a project) rather than a database file. */
export function isFolder(path: string): boolean {
  return statSync(path).isDirectory();
}
