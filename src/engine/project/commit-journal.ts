/**
 * The folder commit's bookkeeping, as files beside the database (under the prefix `books`):
 * the intent journal, written and flushed before the first rename and removed last, and the
 * backup folders that keep the original of every file a commit replaced or removed. Both are
 * JSON so that a person can read them, and both are checked field by field when read back:
 * a journal is the one file that decides what happens to a project after a crash.
 */
import { MigrateError } from '../errors.ts';
import type { FileStamp } from './commit-folder.ts';

export const JOURNAL_FORMAT = 'folder commit 1';
export const MANIFEST_FORMAT = 'folder commit backup 1';

/**
 * Where a project's bookkeeping lives, as one path prefix the caller chooses (the engine names
 * no tool and no project): 'data/tool' puts the journal at 'data/tool-commit.json' and the
 * backups in 'data/tool-backups/'.
 */
export const folderOf = (books: string): string => books.split('/').slice(0, -1).join('/');
const baseOf = (books: string): string => books.split('/').pop()!;
export const journalPath = (books: string): string => `${books}-commit.json`;
export const backupsPath = (books: string): string => `${books}-backups`;
/** A temporary name beside the bookkeeping; it carries the run's token (the CLI's pid), so that a later run knows whose it is. */
export const bookkeepingTemp = (books: string, what: string, token: string): string => `${folderOf(books)}/.${baseOf(books)}-${what}.${token}.tmp`;
/** The token of a journal being written, from its temporary name; null for any other name. */
export function journalTempToken(books: string, name: string): string | null {
  const prefix = `.${baseOf(books)}-commit.json.`;
  return name.startsWith(prefix) && name.endsWith('.tmp') && /^\w+$/.test(name.slice(prefix.length, -4)) ? name.slice(prefix.length, -4) : null;
}
export const stagingPath = (books: string, token: string): string => bookkeepingTemp(books, 'staging', token);

/** What a commit does, in words for sentences: 'upgrade', from and to revisions. */
export interface CommitWhat {
  readonly command: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
}

/** One path the commit changes. */
export interface JournalEntry {
  readonly path: string;
  /** Where the new file waits to be renamed in; null for a removal. */
  readonly staged: string | null;
  /** The new file; null for a removal. */
  readonly after: FileStamp | null;
  /** The file that was there before; null when there was none. */
  readonly before: FileStamp | null;
  /** Where the backup keeps the file that was there (relative to the project); null when none. */
  readonly kept: string | null;
}

/** Who is committing: a process on a host (the CLI), or a page, whose liveness cannot be asked. */
export interface CommitOwner {
  readonly host: string | null;
  readonly pid: number | null;
}

export interface Journal {
  readonly format: typeof JOURNAL_FORMAT;
  /**
   * 'preparing': the backup and the new files are being written; the project is untouched, so
   * an interrupted commit is abandoned. 'committing': everything is written and flushed; renames
   * may have begun, so an interrupted commit is completed (or, failing that, undone).
   */
  readonly state: 'preparing' | 'committing';
  readonly owner: CommitOwner;
  readonly started: string;
  readonly what: CommitWhat;
  /** Every path the commit changes (complete with stamps once 'committing'). */
  readonly entries: readonly JournalEntry[];
  /** Folders the commit makes (an undo removes them again when empty). */
  readonly folders: readonly string[];
  /** The backup folder being made; `keep` false: dropped when the commit is over (a restore's own). */
  readonly backup: { readonly folder: string; readonly keep: boolean };
  /** Temporary files and folders of the run, removed once the commit is over either way. */
  readonly staging: readonly string[];
}

/** What a backup folder says about itself: enough for `restore` to put the project back. */
export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly made: string;
  readonly what: CommitWhat;
  /** Every path the commit changed; `before` null: the commit added it, `after` null: removed it. */
  readonly files: readonly { readonly path: string; readonly before: FileStamp | null; readonly after: FileStamp | null }[];
  readonly folders: readonly string[];
}

function unreadable(path: string, why: string): MigrateError {
  return new MigrateError('JOURNAL_UNREADABLE', `${path} cannot be read (${why}), so an interrupted upgrade of this project cannot be finished or undone automatically; nothing was changed. The files it replaced are kept in the backups folder beside it.`, { path });
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStamp = (v: unknown): v is FileStamp =>
  typeof v === 'object' && v !== null && Number.isSafeInteger((v as FileStamp).size) && /^[0-9a-f]{64}$/.test(String((v as FileStamp).sha256));
const isStampOrNull = (v: unknown) => v === null || isStamp(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
/** A journal never names a path outside the project. */
const isInside = (p: unknown): p is string => isString(p) && p !== '' && !p.startsWith('/') && !p.split('/').some((part) => part === '..' || part === '');

function isWhat(v: unknown): v is CommitWhat {
  const w = v as CommitWhat;
  return typeof v === 'object' && v !== null && isString(w.command) && isStrings(w.from) && isStrings(w.to);
}

function isEntry(v: unknown): v is JournalEntry {
  const e = v as JournalEntry;
  return (
    typeof v === 'object' && v !== null && isInside(e.path) &&
    (e.staged === null || isInside(e.staged)) && (e.kept === null || isInside(e.kept)) &&
    isStampOrNull(e.after) && isStampOrNull(e.before) && (e.staged === null) === (e.after === null) &&
    (e.kept === null || e.before !== null)
  );
}

export function parseJournal(text: string, path: string): Journal {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw unreadable(path, 'it is not JSON');
  }
  const j = value as Journal;
  const valid =
    typeof value === 'object' && value !== null && j.format === JOURNAL_FORMAT && isString(j.started) && isWhat(j.what) &&
    (j.state === 'preparing' || j.state === 'committing') && typeof j.owner === 'object' && j.owner !== null &&
    (j.owner.host === null || isString(j.owner.host)) && (j.owner.pid === null || Number.isSafeInteger(j.owner.pid)) &&
    Array.isArray(j.entries) && j.entries.every(isEntry) && Array.isArray(j.folders) && j.folders.every(isInside) &&
    typeof j.backup === 'object' && j.backup !== null && isInside(j.backup.folder) && typeof j.backup.keep === 'boolean' &&
    Array.isArray(j.staging) && j.staging.every(isInside);
  if (!valid) throw unreadable(path, 'it is not a journal this version wrote');
  return j;
}

/** A backup's manifest, or null when the text is not one (a backup without one was never completed). */
export function parseManifest(text: string | null): Manifest | null {
  if (text === null) return null;
  try {
    const m = JSON.parse(text) as Manifest;
    const files = Array.isArray(m.files) && m.files.every((f) => isInside(f?.path) && isStampOrNull(f.before) && isStampOrNull(f.after));
    return m.format === MANIFEST_FORMAT && isString(m.made) && isWhat(m.what) && files && Array.isArray(m.folders) && m.folders.every(isInside) ? m : null;
  } catch {
    return null;
  }
}

/** A backup folder's name from the time it was made: sorts in time order, safe on every file system. */
export function backupName(when: Date, command: string): string {
  return `${when.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}-before-${command}`;
}
