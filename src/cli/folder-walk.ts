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

function kindOf(entry: Dirent): WalkEntry['kind'] {
  return entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other';
}

function entryOf(dir: string, entry: Dirent, followLinks: boolean): WalkEntry {
  const path = join(dir, entry.name);
  if (!entry.isSymbolicLink()) return { name: entry.name, path, kind: kindOf(entry), isLink: false };
  if (!followLinks) return { name: entry.name, path, kind: 'link', isLink: true };
  try {
    const target = statSync(path);
    return { name: entry.name, path, kind: target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'other', isLink: true };
  } catch {
    return { name: entry.name, path, kind: 'broken-link', isLink: true };
  }
}

export function walkFolder(root: string, options: WalkOptions): void {
  // Each folder with the identities (device and inode) of the folders above it: a folder
  // that is one of them is a loop. Only followed links can make one, so without them nothing
  // is asked. (A stat is one call however deep the folder; resolving its real path is one per
  // level, which made a 1,500-deep tree take minutes.)
  const stack: { dir: string; above: readonly string[] }[] = [{ dir: root, above: [] }];
  while (stack.length) {
    const { dir, above } = stack.pop()!;
    let entries: WalkEntry[];
    let identity = '';
    try {
      if (options.followLinks) {
        const { dev, ino } = statSync(dir, { bigint: true });
        identity = `${dev}:${ino}`;
        if (above.includes(identity)) continue;
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
    const inner = [...above, identity];
    // Pushed last first, so that folders are entered in name order.
    for (const entry of entries.toReversed()) if (entry.kind === 'folder' && !skipped.has(entry.name)) stack.push({ dir: entry.path, above: inner });
  }
}
