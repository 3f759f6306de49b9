/**
 * The moves of a folder commit that both a running commit and the recovery of an interrupted
 * one make: completing (rename every new file in, make the removals, seal the backup) and
 * undoing (put every original back from the backup, take away what was added). Each step can
 * run again after a kill at any point inside it: a move already made is seen and skipped.
 */
import { parentOf, sameStamp, stampIfFile, type CommitFolder } from './commit-folder.ts';
import { backupsPath, folderOf, journalPath, MANIFEST_FORMAT, type Journal, type Manifest } from './commit-journal.ts';

async function syncParents<D>(folder: CommitFolder<D>, paths: readonly string[]): Promise<void> {
  for (const dir of new Set(paths.map(parentOf))) await folder.syncFolder(dir);
}

/** Renames every staged file into its place and makes the removals: the commit point, file by file. */
export async function applyEntries<D>(folder: CommitFolder<D>, journal: Journal, beforeEach?: (path: string) => Promise<void> | void): Promise<void> {
  for (const dir of journal.folders) await folder.makeFolder(dir);
  for (const entry of journal.entries) {
    await beforeEach?.(entry.path);
    if (entry.staged === null) await folder.remove(entry.path);
    // A staged file that is gone was renamed in before an interruption (recovery checked it).
    else if ((await folder.kind(entry.staged)) === 'file') await folder.rename(entry.staged, entry.path);
  }
  await syncParents(folder, journal.entries.map((e) => e.path));
}

export function manifestOf(journal: Journal): Manifest {
  return {
    format: MANIFEST_FORMAT,
    made: journal.started,
    what: journal.what,
    files: journal.entries.map(({ path, before, after }) => ({ path, before, after })),
    folders: journal.folders,
  };
}

const encoder = new TextEncoder();

/** After the renames: the backup gets its manifest (or is dropped), then the journal goes, then the temporary files. */
export async function sealCommit<D>(folder: CommitFolder<D>, journal: Journal, books: string): Promise<void> {
  if (journal.backup.keep) {
    const manifest = `${journal.backup.folder}/manifest.json`;
    if ((await folder.kind(manifest)) === null) await folder.create(manifest, encoder.encode(`${JSON.stringify(manifestOf(journal), null, 2)}\n`));
  } else {
    await dropBackup(folder, journal, books);
  }
  await dropJournal(folder, journal, books);
}

/** Removes the commit's backup folder, and the backups' folder when that leaves it empty. */
export async function dropBackup<D>(folder: CommitFolder<D>, journal: Journal, books: string): Promise<void> {
  await folder.removeTree(journal.backup.folder);
  await folder.removeEmptyFolder(backupsPath(books));
}

/**
 * The end of a commit, either way: the run's temporary files go first (the journal names
 * them, so a kill in between leaves none unaccounted for), then the journal itself.
 */
export async function dropJournal<D>(folder: CommitFolder<D>, journal: Journal, books: string): Promise<void> {
  for (const temp of journal.staging) await folder.removeTree(temp);
  await folder.remove(journalPath(books));
  await folder.syncFolder(folderOf(books));
}

/**
 * Puts every original back from the backup and removes every file the commit added, then the
 * folders it made (when empty again). Returns the path it could not put back, or null.
 */
export async function undoEntries<D>(folder: CommitFolder<D>, journal: Journal): Promise<string | null> {
  for (const entry of journal.entries) {
    const now = await stampIfFile(folder, entry.path);
    if (entry.before === null) {
      if (now !== null && sameStamp(now, entry.after)) await folder.remove(entry.path);
      continue;
    }
    if (sameStamp(now, entry.before)) continue;
    if (entry.kept === null) return entry.path;
    // The backup's name for the file is kept: a copy of it goes in, through a rename.
    const back = `${entry.kept}.undo`;
    await folder.remove(back);
    await folder.keepCopy(entry.kept, back);
    await folder.rename(back, entry.path);
  }
  await syncParents(folder, journal.entries.map((e) => e.path));
  for (const dir of [...journal.folders].sort((a, b) => b.length - a.length)) await folder.removeEmptyFolder(dir);
  return null;
}
