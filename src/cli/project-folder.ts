/**
 * A project folder on disk, as a whole-project run sees it: the files the project asks for
 * (read only when a revision or the finishing work reads them), and the way back, where the
 * new database and every staged change land together or not at all.
 */
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { MigrateError, type FileChange, type FolderSource, type ProjectDefinition } from '../engine/index.ts';
import { syncFile, writeAtomically } from './files.ts';

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** Every regular file below `root` (symlinks are not followed), as POSIX paths relative to it. */
function walk(root: string, dir = root, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isDirectory()) walk(root, path, out);
    else if (stat.isFile()) out.push(toPosix(relative(root, path)));
  }
  return out;
}

/** The project's files in `root` (those its layout wants), read from disk when asked for. */
export function folderOnDisk(root: string, project: ProjectDefinition): FolderSource {
  const wanted = walk(root).filter((path) => path !== project.layout.database && project.layout.wantsFile(path));
  const known = new Set(wanted);
  return {
    list: () => wanted,
    read(path) {
      if (!known.has(path)) return null;
      try {
        return readFileSync(join(root, ...path.split('/')));
      } catch (error) {
        throw new MigrateError('IO', `Cannot read "${join(root, path)}": ${(error as Error).message}.`, { path });
      }
    },
  };
}

/** Every file of a folder (not only the project's), relative path -> path on disk. */
export function filesBelow(root: string): Map<string, string> {
  return new Map(walk(root).map((path) => [path, join(root, ...path.split('/'))]));
}

/** Copies files (relative path -> where it is now) into `target`, keeping their modes. */
export function copyFiles(files: ReadonlyMap<string, string>, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const [path, from] of files) {
    const to = join(target, ...path.split('/'));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
  }
}

/**
 * What a whole-project run hands back to the folder: the new database (bytes, or the work
 * file native SQLite ran on) and the staged changes.
 */
export interface FolderUpdate {
  readonly database: Exclude<FileChange, { kind: 'remove' }>;
  readonly changes: readonly FileChange[];
  /** Folders to create even when empty (POSIX paths). */
  readonly folders?: readonly string[];
}

const KEPT = '.entropy-migrate-old';

/**
 * Applies an update to `root` all or nothing. Every new file is first written whole (synced)
 * beside its place; only then are the old files moved aside, one rename each, and the new
 * ones renamed in. If anything fails, what was moved is moved back and what was written is
 * removed, so the folder is as it was. The old files are deleted only once all is in place.
 */
export function applyToFolder(root: string, update: FolderUpdate): void {
  const writes = [update.database, ...update.changes.flatMap((c) => (c.kind === 'remove' ? [] : [c]))];
  const removals = update.changes.filter((c) => c.kind === 'remove').map((c) => c.path);
  const abs = (path: string) => join(root, ...path.split('/'));
  const staged: string[] = [];
  const movedAside: { from: string; to: string }[] = [];
  const placed: string[] = [];
  const madeFolders: string[] = [];
  const makeFolder = (dir: string) => {
    const first = mkdirSync(dir, { recursive: true });
    if (first) for (let d = dir; d.length >= first.length; d = dirname(d)) madeFolders.push(d);
  };
  try {
    for (const folder of update.folders ?? []) makeFolder(abs(folder));
    for (const write of writes) {
      const target = abs(write.path);
      makeFolder(dirname(target));
      const next = `${target}.entropy-migrate-new`;
      if (write.kind === 'write') writeAtomically(next, write.bytes);
      else {
        // A file the run wrote beside its place (on the same file system): synced, then renamed.
        syncFile(write.from);
        renameSync(write.from, next);
      }
      staged.push(next);
      // A replaced file keeps its permissions: a private lab database stays private.
      if (existsSync(target)) chmodSync(next, statSync(target).mode & 0o7777);
    }
    for (const path of [...writes.map((w) => w.path), ...removals]) {
      const target = abs(path);
      if (existsSync(target)) {
        const aside = `${target}${KEPT}`;
        renameSync(target, aside);
        movedAside.push({ from: target, to: aside });
      }
    }
    for (const { path } of writes) {
      const target = abs(path);
      renameSync(`${target}.entropy-migrate-new`, target);
      placed.push(target);
    }
  } catch (error) {
    for (const target of placed) rmSync(target, { force: true });
    for (const { from, to } of movedAside.reverse()) renameSync(to, from);
    for (const next of staged) rmSync(next, { force: true });
    // deepest first; rmdir removes only what is empty again
    for (const dir of madeFolders.sort((a, b) => b.length - a.length)) rmdirQuietly(dir);
    throw error instanceof MigrateError ? error : new MigrateError('IO', `Cannot write the upgraded project into "${root}": ${(error as Error).message}. The folder is as it was.`, { root });
  }
  for (const { to } of movedAside) rmSync(to, { force: true });
}

function rmdirQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty or already gone: leave it
  }
}

/** True when `path` is a folder (a project) rather than a database file. */
export function isFolder(path: string): boolean {
  return statSync(path).isDirectory();
}
