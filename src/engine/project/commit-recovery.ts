/**
 * What every command that opens a project folder does first: find a commit that a crash, a
 * kill or a power cut interrupted (its journal is still there) and resolve it, so that the
 * project is wholly old or wholly new before anything reads it. A commit that was still
 * preparing is abandoned (it had changed nothing); one that was committing is completed when
 * every new file is there, else undone from its backup; when neither is possible (files
 * changed since), nothing is touched and the sentence says where the originals are.
 */
import { MigrateError } from '../errors.ts';
import { printable } from '../printable.ts';
import { joinPath, sameStamp, stampIfFile, type CommitFolder, type FileStamp } from './commit-folder.ts';
import { folderOf, journalPath, journalTempToken, parseJournal, type CommitOwner, type Journal, type JournalEntry } from './commit-journal.ts';
import { applyEntries, dropBackup, dropJournal, sealCommit, undoEntries } from './commit-steps.ts';

export interface Recovery {
  readonly outcome: 'abandoned' | 'completed' | 'undone';
  /** One sentence for the user. */
  readonly sentence: string;
}

/** Whether `owner` is a process running now (the CLI asks its system); a page cannot tell. */
export type OwnerAlive = (owner: CommitOwner) => boolean;

/**
 * Whether a file is as the commit left it at some instant: the original, the new file, or
 * neither (between a removal and its end). Anything else was written since, by someone else
 * (the program the project belongs to, once it looked upgraded): neither completing nor
 * undoing may replace it.
 */
function asTheCommitLeftIt(now: FileStamp | null, entry: JournalEntry): boolean {
  return now === null || sameStamp(now, entry.before) || sameStamp(now, entry.after);
}

/** The first file the commit cannot be completed for (its new file is neither in place nor staged, or it changed since); null when it can. */
async function canComplete<D>(folder: CommitFolder<D>, journal: Journal): Promise<string | null> {
  for (const entry of journal.entries) {
    const now = await stampIfFile(folder, entry.path);
    if (!asTheCommitLeftIt(now, entry)) return entry.path;
    if (entry.staged === null || sameStamp(now, entry.after)) continue;
    if (!sameStamp(await stampIfFile(folder, entry.staged), entry.after)) return entry.path;
  }
  return null;
}

/** The first file the commit cannot be undone for (its original is lost, or it changed since); null when it can. */
async function canUndo<D>(folder: CommitFolder<D>, journal: Journal): Promise<string | null> {
  for (const entry of journal.entries) {
    const now = await stampIfFile(folder, entry.path);
    if (!asTheCommitLeftIt(now, entry)) return entry.path;
    if (entry.before === null) {
      if (now === null && (await folder.kind(entry.path)) !== null) return entry.path;
      continue;
    }
    if (sameStamp(now, entry.before)) continue;
    if (entry.kept === null || !sameStamp(await stampIfFile(folder, entry.kept), entry.before)) return entry.path;
  }
  return null;
}

function stuck(folder: { shown: string }, journal: Journal, books: string, path: string): MigrateError {
  const where = journal.backup.keep ? `; the original files are kept in ${printable(journal.backup.folder, 120)}` : '';
  return new MigrateError(
    'INTERRUPTED_COMMIT',
    `An earlier ${journal.what.command} of ${printable(folder.shown, 120)} was interrupted, and ${printable(path, 120)} has changed since, so it can be neither completed nor undone automatically; nothing was changed${where}, and the journal ${printable(journalPath(books), 80)} lists every file with its state before and after; once the project is as it should be, remove the journal to go on.`,
    { path, journal: journalPath(books), backup: journal.backup.folder },
  );
}

/** A journal being written when its run was killed, before it counted: nothing else was made yet. */
async function sweepJournalTemps<D>(folder: CommitFolder<D>, books: string, self: CommitOwner, alive: OwnerAlive): Promise<void> {
  for (const name of await folder.list(folderOf(books))) {
    const token = journalTempToken(books, name);
    if (token === null) continue;
    const pid = /^\d+$/.test(token) ? Number(token) : null;
    const owner = { host: self.host, pid };
    if (pid !== null && pid !== self.pid && alive(owner)) continue;
    await folder.remove(`${folderOf(books)}/${name}`);
  }
}

/**
 * Resolves an interrupted commit in `books` (the database's folder); null when there is none.
 * Throws when another run is committing right now, or when the commit can be neither completed
 * nor undone.
 */
export async function recoverInterrupted<D>(folder: CommitFolder<D>, books: string, self: CommitOwner, alive: OwnerAlive = () => false): Promise<Recovery | null> {
  await sweepJournalTemps(folder, books, self, alive);
  const path = journalPath(books);
  const text = await folder.readText(path);
  if (text === null) return null;
  const journal = parseJournal(text, joinPath(folder.shown, path));
  const { owner } = journal;
  if (!(owner.host === self.host && owner.pid === self.pid) && alive(owner)) {
    throw new MigrateError('BUSY', `Another run (process ${owner.pid}) is writing into ${printable(folder.shown, 120)} right now; wait for it to finish, then run again. Nothing was changed.`, { pid: owner.pid });
  }
  const what = `${journal.what.command} of this project, started ${journal.started}`;
  if (journal.state === 'preparing') {
    await dropBackup(folder, journal, books);
    await dropJournal(folder, journal, books);
    return { outcome: 'abandoned', sentence: `An earlier ${what}, was stopped before it changed anything; its temporary files were removed.` };
  }
  const notNew = await canComplete(folder, journal);
  if (notNew === null) {
    await applyEntries(folder, journal);
    await sealCommit(folder, journal, books);
    const kept = journal.backup.keep ? ` (the original files are kept in ${journal.backup.folder})` : '';
    return { outcome: 'completed', sentence: `An earlier ${what}, was interrupted while its files were put in place; it has now been completed${kept}.` };
  }
  const notOld = await canUndo(folder, journal);
  if (notOld !== null) throw stuck(folder, journal, books, notOld);
  const left = await undoEntries(folder, journal);
  if (left !== null) throw stuck(folder, journal, books, left);
  await dropBackup(folder, journal, books);
  await dropJournal(folder, journal, books);
  return { outcome: 'undone', sentence: `An earlier ${what}, was interrupted and could not be completed (the new ${printable(notNew, 120)} was not there); it has been undone, and the project is as it was before it.` };
}
