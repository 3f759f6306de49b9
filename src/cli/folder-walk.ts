/**
 * The one walk of a folder on disk the CLI makes: a project's files (project-folder.ts) and
 * the projects under a folder (project-tree.ts). It keeps its own stack, so a deep tree cannot
 * overflow the call stack; it lists each folder's entries in name order; it follows symbolic
 * links or not, as the caller says, and never enters a folder again through a link inside
 * that folder itself (a loop), which would otherwise never end.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

export interface WalkEntry {
  readonly name: string;
  /** The folder's path joined with the name. */
  readonly path: string;
  /**
   * What the entry is; through a link when links are followed. A link not followed is
   * 'link'; a followed link that leads nowhere (or cannot be read) is 'broken-link'.
   */
  readonly kind: 'file' | 'folder' | 'link' | 'broken-link' | 'other';
  /** Whether the entry itself is a symbolic link. */
  readonly isLink: boolean;
}

export interface WalkOptions {
  readonly followLinks: boolean;
  /** Each folder with its entries, parents before children; returns the names of subfolders not to enter. */
  visit(dir: string, entries: readonly WalkEntry[]): Iterable<string> | void;
  /** A folder that could not be listed; without this the walk throws the error. */
  unreadable?(dir: string, error: Error): void;
}

/** A directory entry's kind, or (for a followed link) its target's: both answer the same two questions. */
function kindOf(entry: { isDirectory(): boolean; isFile(): boolean }): WalkEntry['kind'] {
  return entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other';
}

function entryOf(dir: string, entry: Dirent, followLinks: boolean): WalkEntry {
  const path = join(dir, entry.name);
  if (!entry.isSymbolicLink()) return { name: entry.name, path, kind: kindOf(entry), isLink: false };
  if (!followLinks) return { name: entry.name, path, kind: 'link', isLink: true };
  try {
    return { name: entry.name, path, kind: kindOf(statSync(path)), isLink: true };
  } catch {
    return { name: entry.name, path, kind: 'broken-link', isLink: true };
  }
}

/** A folder's identity (device and inode) and the chain of those above it, shared by its subfolders. */
interface Ancestry {
  readonly identity: string;
  readonly up: Ancestry | null;
}

function isAmong(identity: string, above: Ancestry | null): boolean {
  for (let at = above; at; at = at.up) if (at.identity === identity) return true;
  return false;
}

export function walkFolder(root: string, options: WalkOptions): void {
  // A folder that is one of the folders above it is a loop. Only followed links can make one,
  // so without them nothing is asked. (A stat is one call however deep the folder; resolving
  // its real path is one per level, which made a 1,500-deep tree take 51 s instead of 1 s.)
  const stack: { dir: string; above: Ancestry | null }[] = [{ dir: root, above: null }];
  while (stack.length) {
    const { dir, above } = stack.pop()!;
    let entries: WalkEntry[];
    let inner: Ancestry | null = null;
    try {
      if (options.followLinks) {
        const { dev, ino } = statSync(dir, { bigint: true });
        const identity = `${dev}:${ino}`;
        if (isAmong(identity, above)) continue;
        inner = { identity, up: above };
      }
      entries = readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((entry) => entryOf(dir, entry, options.followLinks));
    } catch (error) {
      if (!options.unreadable) throw error;
      options.unreadable(dir, error as Error);
      continue;
    }
    const skipped = new Set(options.visit(dir, entries) ?? []);
    // Pushed last first, so that folders are entered in name order.
    for (const entry of entries.toReversed()) if (entry.kind === 'folder' && !skipped.has(entry.name)) stack.push({ dir: entry.path, above: inner });
  }
}
