/**
 * The one way a run's result reaches a project folder (the CLI's --in-place, the page's
 * write-back, restore, and a new folder being built), with SQLite's rollback journal as the
 * model: write down what you are about to do before doing it.
 *
 * 1. Refuse what would lose data: a link on a path to be written (never write through a link
 *    to a place outside the project), a folder where a file goes, a file the run never read
 *    that a new file would replace (a user's own file named like a backup), unless forced.
 * 2. Journal 'preparing' (what temporary files and backup folder follow), then the new files
 *    (staged beside their places) and a backup of every file to be replaced or removed (hard
 *    links where the file system has them), all flushed.
 * 3. Journal 'committing', with the size and SHA-256 of every old and new file, flushed.
 * 4. The renames. 5. The backup's manifest. 6. The journal removed, last.
 *
 * A kill at any instant leaves a journal that the next command resolves (commit-recovery.ts):
 * before step 3 the commit is abandoned (the project was never changed), after it completed.
 */
import { MigrateError } from '../errors.ts';
import { oneLine } from '../printable.ts';
import { printable } from '../printable.ts';
import { joinPath, parentOf, pathPrefixes, type CommitFolder, type FileStamp } from './commit-folder.ts';
import { backupName, backupsPath, bookkeepingTemp, folderOf, JOURNAL_FORMAT, journalPath, stagingPath, type CommitOwner, type CommitWhat, type Journal, type JournalEntry } from './commit-journal.ts';
import { applyEntries, dropBackup, dropJournal, sealCommit, undoEntries } from './commit-steps.ts';
import { recoverInterrupted, type OwnerAlive } from './commit-recovery.ts';

/** A new file: one the caller already wrote inside the folder (`staged`), or data to write. */
export type CommitContent<D> = { readonly staged: string } | { readonly data: D | Uint8Array };

export interface CommitWrite<D> {
  readonly path: string;
  readonly content: CommitContent<D>;
  /**
   * True when the run read the file now at `path` and this is its new version (params.json,
   * an experiment's HDF5 file, the database); false for a file the run makes (a backup name),
   * which must not replace a file the run never looked at.
   */
  readonly replaces: boolean;
}

export interface CommitChanges<D> {
  readonly writes: readonly CommitWrite<D>[];
  readonly removals: readonly string[];
  /** Folders the result has even when empty. */
  readonly folders: readonly string[];
}

/** How sentences send a user elsewhere: the CLI and the page say it in their own words. */
export interface CommitWords {
  /** What to do instead of writing through a link ("upgrade into a new folder with -o"). */
  readonly elsewhere: string;
  /** How to allow replacing a file the run did not read ("add --force"); null: no way to. */
  readonly force: string | null;
}

export interface CommitOptions {
  /** Where the journal, the backups and the staging folder go: a path prefix (commit-journal.ts). */
  readonly books: string;
  /** Names this run's temporary files (the CLI: its pid), so that a later run knows whose they are. */
  readonly token: string;
  readonly owner: CommitOwner;
  /** Whether another owner's run is alive (a journal of a live run is not an interrupted one). */
  readonly alive?: OwnerAlive;
  readonly what: CommitWhat;
  /** Keep the originals in a backup folder for `restore` (false: a restore's own, dropped at the end). */
  readonly keepBackup: boolean;
  /** Replace files the run did not read (they are still kept in the backup). */
  readonly force: boolean;
  readonly words: CommitWords;
  /** Temporary files and folders of the caller's (staged files' homes), removed when the commit ends. */
  readonly callerTemps?: readonly string[];
  readonly now?: () => Date;
  /** Called before each rename (tests slow it down to kill a run in the middle of the renames). */
  readonly beforeRename?: (path: string) => Promise<void> | void;
}

export interface CommitReport {
  readonly written: readonly string[];
  readonly removed: readonly string[];
  /** The backup folder kept for `restore`, relative to the project; null when none was kept. */
  readonly backup: string | null;
}

const shown = (path: string) => printable(path, 120);

async function refuseLinks<D>(folder: CommitFolder<D>, paths: readonly string[], words: CommitWords): Promise<void> {
  const checked = new Set<string>();
  for (const path of paths) {
    for (const prefix of pathPrefixes(path)) {
      if (checked.has(prefix)) continue;
      checked.add(prefix);
      if ((await folder.kind(prefix)) !== 'link') continue;
      const target = (await folder.linkTarget?.(prefix)) ?? null;
      throw new MigrateError(
        'LINK_IN_PATH',
        `${shown(joinPath(folder.shown, prefix))} is a symbolic link${target ? ` to ${shown(target)}` : ''}; an upgrade in place never writes through a link. ${words.elsewhere}. Nothing was written.`,
        { path: prefix, target },
      );
    }
  }
}

async function refuseObstacles<D>(folder: CommitFolder<D>, changes: CommitChanges<D>, words: CommitWords, force: boolean): Promise<void> {
  const asFile = [...changes.writes.map((w) => w.path), ...changes.removals];
  const asFolder = new Set([...changes.folders.flatMap(pathPrefixes), ...asFile.flatMap((p) => pathPrefixes(parentOf(p)).filter(Boolean))]);
  for (const dir of asFolder) {
    const kind = await folder.kind(dir);
    if (kind !== null && kind !== 'folder') {
      throw new MigrateError('NOT_A_FOLDER', `${shown(joinPath(folder.shown, dir))} is a file, where the upgrade needs a folder; move it away and run again. Nothing was written.`, { path: dir });
    }
  }
  for (const path of asFile) {
    const kind = await folder.kind(path);
    if (kind !== null && kind !== 'file') {
      throw new MigrateError('NOT_A_FILE', `${shown(joinPath(folder.shown, path))} is a ${kind === 'folder' ? 'folder' : 'special file'}, where the project keeps a file; move it away and run again. Nothing was written.`, { path });
    }
  }
  if (force) return;
  for (const write of changes.writes) {
    if (write.replaces || (await folder.kind(write.path)) === null) continue;
    throw new MigrateError(
      'FILE_EXISTS',
      `${shown(joinPath(folder.shown, write.path))} already exists, and the upgrade would replace it with a file of its own (a backup it keeps under that name); move it away${words.force ? `, or ${words.force} (the file is then kept in the backup folder)` : ''}. Nothing was written.`,
      { path: write.path },
    );
  }
}

function io(folder: { shown: string }, error: unknown, undone: boolean): MigrateError {
  if (error instanceof MigrateError) return error;
  const what = undone ? 'the project is as it was' : 'nothing was written';
  return new MigrateError('IO', `Cannot write the upgraded project into ${shown(folder.shown)}: ${oneLine((error as Error).message)}; ${what}.`, { folder: folder.shown });
}

async function writeJournal<D>(folder: CommitFolder<D>, books: string, journal: Journal): Promise<void> {
  const path = journalPath(books);
  const temp = journalTemp(books, journal.owner);
  await folder.remove(temp);
  await folder.create(temp, new TextEncoder().encode(`${JSON.stringify(journal, null, 1)}\n`));
  await folder.rename(temp, path);
  await folder.syncFolder(folderOf(books));
}

const journalTemp = (books: string, owner: CommitOwner) => bookkeepingTemp(books, 'commit.json', String(owner.pid ?? 'page'));

/** Stages what is in memory, keeps a copy of every file to be replaced or removed; returns the journal's entries. */
async function prepare<D>(folder: CommitFolder<D>, changes: CommitChanges<D>, staging: string, backup: string): Promise<JournalEntry[]> {
  const entries: JournalEntry[] = [];
  let n = 0;
  const keep = async (path: string): Promise<{ before: FileStamp | null; kept: string | null }> => {
    if ((await folder.kind(path)) !== 'file') return { before: null, kept: null };
    const kept = `${backup}/files/${path}`;
    await folder.keepCopy(path, kept);
    return { before: await folder.stamp(kept), kept };
  };
  for (const write of changes.writes) {
    let staged: string;
    if ('staged' in write.content) staged = write.content.staged;
    else {
      staged = `${staging}/${++n}.new`;
      await folder.create(staged, write.content.data);
    }
    entries.push({ path: write.path, staged, after: await folder.stamp(staged), ...(await keep(write.path)) });
  }
  for (const path of changes.removals) {
    const old = await keep(path);
    if (old.before !== null) entries.push({ path, staged: null, after: null, ...old });
  }
  return entries;
}

/** Folders to make: those asked for and those the new files need, that are not there yet. */
async function foldersToMake<D>(folder: CommitFolder<D>, changes: CommitChanges<D>): Promise<string[]> {
  const wanted = new Set([...changes.folders.flatMap(pathPrefixes), ...changes.writes.flatMap((w) => pathPrefixes(parentOf(w.path)).filter(Boolean))]);
  const missing: string[] = [];
  for (const dir of [...wanted].sort((a, b) => a.length - b.length)) if ((await folder.kind(dir)) === null) missing.push(dir);
  return missing;
}

/**
 * Applies `changes` to the folder all or nothing, crash-safe (see the top of this file).
 * Any interrupted commit is resolved first. Writes are applied in the order given: callers
 * put the database last.
 */
export async function commitToFolder<D>(folder: CommitFolder<D>, changes: CommitChanges<D>, options: CommitOptions): Promise<CommitReport> {
  const { books } = options;
  await recoverInterrupted(folder, books, options.owner, options.alive);
  const touched = [...changes.writes.map((w) => w.path), ...changes.removals, ...changes.folders];
  await refuseLinks(folder, touched, options.words);
  await refuseObstacles(folder, changes, options.words, options.force);
  const started = (options.now ?? (() => new Date()))();
  const backup = `${backupsPath(books)}/${backupName(started, options.what.command)}`;
  const staging = stagingPath(books, options.token);
  const base = {
    format: JOURNAL_FORMAT,
    owner: options.owner,
    started: started.toISOString(),
    what: options.what,
    backup: { folder: backup, keep: options.keepBackup },
    staging: [staging, ...(options.callerTemps ?? [])],
  } as const;
  const preparing: Journal = { ...base, state: 'preparing', entries: [], folders: [] };
  try {
    await writeJournal(folder, books, preparing);
  } catch (error) {
    await folder.remove(journalTemp(books, options.owner)).catch(() => undefined);
    throw io(folder, error, false);
  }
  let journal: Journal;
  try {
    const folders = await foldersToMake(folder, changes);
    const entries = await prepare(folder, changes, staging, backup);
    journal = { ...base, state: 'committing', entries, folders };
    await writeJournal(folder, books, journal);
  } catch (error) {
    // Nothing in the project changed yet: drop what was made.
    await dropBackup(folder, preparing, books).catch(() => undefined);
    await dropJournal(folder, preparing, books).catch(() => undefined);
    throw io(folder, error, false);
  }
  try {
    await applyEntries(folder, journal, options.beforeRename);
  } catch (error) {
    // A rename failed (a full disk, a permission): put back what moved, as recovery would.
    const stuck = await undoEntries(folder, journal).catch(() => journal.entries[0]!.path);
    if (stuck !== null) throw new MigrateError('IO', `Writing the upgraded project into ${shown(folder.shown)} failed part-way (${oneLine((error as Error).message)}), and ${shown(stuck)} could not be put back; the next run on this project finishes or undoes it from its journal.`, { folder: folder.shown });
    await dropBackup(folder, preparing, books).catch(() => undefined);
    await dropJournal(folder, journal, books).catch(() => undefined);
    throw io(folder, error, true);
  }
  await sealCommit(folder, journal, books);
  return {
    written: journal.entries.filter((e) => e.staged !== null).map((e) => e.path),
    removed: journal.entries.filter((e) => e.staged === null).map((e) => e.path),
    backup: options.keepBackup ? backup : null,
  };
}

/**
 * Fills a folder nobody sees yet (a new project folder being built under a temporary name,
 * renamed into place by the caller): no journal and no backup are needed, since a kill leaves
 * only the temporary folder, which the next run removes.
 */
export async function fillNewFolder<D>(folder: CommitFolder<D>, changes: CommitChanges<D>, options: Pick<CommitOptions, 'words' | 'force'>): Promise<void> {
  await refuseObstacles(folder, changes, options.words, options.force);
  for (const dir of changes.folders) await folder.makeFolder(dir);
  for (const write of changes.writes) {
    await folder.makeFolder(parentOf(write.path));
    if ('staged' in write.content) await folder.rename(write.content.staged, write.path);
    else {
      await folder.remove(write.path);
      await folder.create(write.path, write.content.data);
    }
  }
  for (const path of changes.removals) await folder.remove(path);
}
