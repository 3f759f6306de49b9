/**
 * A project folder as the folder commit sees it (folder-commit.ts): a handful of file
 * operations that both the CLI's disk (node:fs) and the page's picked folder (the File System
 * Access API) can do. Paths are POSIX and relative to the project folder. Nothing here follows
 * a symbolic link on its own: `kind` reports a link as a link, and the commit refuses to write
 * through one.
 */

/** What a folder entry is, without following a link. */
export type EntryKind = 'file' | 'folder' | 'link' | 'other';

/** A file's identity for the journal and the backup: its size and SHA-256 (hex). */
export interface FileStamp {
  readonly size: number;
  readonly sha256: string;
}

export interface CommitFolder<Data = Uint8Array> {
  /** How sentences name the folder (a path on disk, or the picked folder's name). */
  readonly shown: string;
  /** What is at `path`, links not followed; null when nothing is. */
  kind(path: string): Promise<EntryKind | null>;
  /** Where a link at `path` points, for the sentence that names it; null when it cannot say. */
  linkTarget?(path: string): Promise<string | null>;
  /** The size and SHA-256 of the regular file at `path`. */
  stamp(path: string): Promise<FileStamp>;
  /** A small text file (the journal, a manifest), or null when there is none. */
  readText(path: string): Promise<string | null>;
  /** Writes a new file whole and durably (flushed to the disk) at `path`, making its folders. */
  create(path: string, data: Data | Uint8Array): Promise<void>;
  /** Puts the file at `from` in the place of `to` (replacing it) at once, and durably. */
  rename(from: string, to: string): Promise<void>;
  /** A second name for a file at `to`: a hard link where the file system has them, else a copy. */
  keepCopy(from: string, to: string): Promise<void>;
  /** Removes a file (not a folder); nothing when it is already gone. */
  remove(path: string): Promise<void>;
  /** Removes a folder and everything in it; nothing when it is already gone. */
  removeTree(path: string): Promise<void>;
  /** Removes a folder when it is empty; false when it is not (or not there). */
  removeEmptyFolder(path: string): Promise<boolean>;
  makeFolder(path: string): Promise<void>;
  /** The names directly inside a folder; [] when there is no such folder. */
  list(path: string): Promise<string[]>;
  /** Makes the renames and removals done in a folder survive a power cut, where that can be asked for. */
  syncFolder(path: string): Promise<void>;
}

/** `a/b/c` -> ['a', 'a/b', 'a/b/c']. */
export function pathPrefixes(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

export function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

export function joinPath(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('/');
}

export function sameStamp(a: FileStamp | null, b: FileStamp | null): boolean {
  return a !== null && b !== null && a.size === b.size && a.sha256 === b.sha256;
}

/** The stamp of what is at `path` when it is a regular file, else null. */
export async function stampIfFile<D>(folder: CommitFolder<D>, path: string): Promise<FileStamp | null> {
  return (await folder.kind(path)) === 'file' ? folder.stamp(path) : null;
}
