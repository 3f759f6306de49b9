/**
 * `restore`: puts a project back exactly as it was before an upgrade in place, from the backup
 * folder that upgrade kept (folder-commit.ts): every file it replaced or removed comes back byte
 * for byte, every file it added goes, and so do the folders it made. The restore is itself a
 * folder commit, so a kill during it is resolved like any other; and it refuses when a file
 * changed after the upgrade (a result saved since would be lost), unless forced, in which case
 * what it replaces is kept in a backup of its own.
 */
import { MigrateError } from '../errors.ts';
import { printable } from '../printable.ts';
import { joinPath, sameStamp, stampIfFile, type CommitFolder } from './commit-folder.ts';
import { backupsPath, bookkeepingTemp, parseManifest, type Manifest } from './commit-journal.ts';
import { commitToFolder, type CommitOptions, type CommitWrite } from './folder-commit.ts';

export interface Backup {
  /** Its folder, relative to the project. */
  readonly folder: string;
  readonly manifest: Manifest;
}

/** The complete backups of a project, oldest first (a backup without a manifest was never completed). */
export async function listBackups<D>(folder: CommitFolder<D>, books: string): Promise<Backup[]> {
  const root = backupsPath(books);
  const out: Backup[] = [];
  for (const name of (await folder.list(root)).sort()) {
    if (name.startsWith('.')) continue;
    const manifest = parseManifest(await folder.readText(`${root}/${name}/manifest.json`));
    if (manifest) out.push({ folder: `${root}/${name}`, manifest });
  }
  return out;
}

export interface RestoreReport {
  readonly backup: Backup;
  readonly restored: readonly string[];
  readonly removed: readonly string[];
  /** With force: where the files it replaced are kept; null otherwise. */
  readonly keptAside: string | null;
}

const shown = (path: string) => printable(path, 120);

async function checkBackup<D>(folder: CommitFolder<D>, backup: Backup): Promise<void> {
  for (const file of backup.manifest.files) {
    if (file.before === null) continue;
    const copy = `${backup.folder}/files/${file.path}`;
    if (!sameStamp(await stampIfFile(folder, copy), file.before)) {
      throw new MigrateError('BACKUP_DAMAGED', `The backup ${shown(joinPath(folder.shown, backup.folder))} does not hold ${shown(file.path)} as it was (it is missing or changed), so the project cannot be restored from it; nothing was changed.`, { path: file.path });
    }
  }
}

async function refuseChangedSince<D>(folder: CommitFolder<D>, backup: Backup): Promise<void> {
  for (const file of backup.manifest.files) {
    const now = await stampIfFile(folder, file.path);
    const asLeft = file.after === null ? now === null && (await folder.kind(file.path)) === null : sameStamp(now, file.after);
    if (!asLeft) {
      throw new MigrateError(
        'CHANGED_SINCE',
        `${shown(joinPath(folder.shown, file.path))} has changed since the ${backup.manifest.what.command} of ${backup.manifest.made}, and restoring would lose that change; nothing was changed. Add --force to restore anyway (what it replaces is then kept in a backup of its own).`,
        { path: file.path },
      );
    }
  }
}

/** Restores `backup` (the newest when not given) into the folder; see the top of this file. */
export async function restoreBackup<D>(
  folder: CommitFolder<D>,
  books: string,
  options: Omit<CommitOptions, 'books' | 'what' | 'keepBackup' | 'callerTemps'>,
  backup?: Backup,
): Promise<RestoreReport> {
  const chosen = backup ?? (await listBackups(folder, books)).at(-1);
  if (!chosen) {
    throw new MigrateError('NO_BACKUP', `${shown(folder.shown)} has no backup to restore (an upgrade in place keeps one in ${backupsPath(books)}); nothing was changed.`, {});
  }
  await checkBackup(folder, chosen);
  if (!options.force) await refuseChangedSince(folder, chosen);
  // The originals go in through second names of the backup's files, so that the backup stays whole until the end.
  const staging = bookkeepingTemp(books, 'restore', options.token);
  const writes: CommitWrite<never>[] = [];
  const removals: string[] = [];
  try {
    for (const [i, file] of chosen.manifest.files.entries()) {
      if (file.before === null) {
        if ((await folder.kind(file.path)) !== null) removals.push(file.path);
        continue;
      }
      const staged = `${staging}/${i}.old`;
      await folder.keepCopy(`${chosen.folder}/files/${file.path}`, staged);
      writes.push({ path: file.path, content: { staged }, replaces: true });
    }
  } catch (error) {
    await folder.removeTree(staging);
    throw error;
  }
  const { from, to } = chosen.manifest.what;
  const report = await commitToFolder(folder, { writes, removals, folders: [] }, {
    ...options,
    books,
    what: { command: 'restore', from: to, to: from },
    keepBackup: options.force,
    callerTemps: [staging],
  });
  for (const dir of [...chosen.manifest.folders].sort((a, b) => b.length - a.length)) await folder.removeEmptyFolder(dir);
  await folder.removeTree(chosen.folder);
  await folder.removeEmptyFolder(backupsPath(books));
  return { backup: chosen, restored: report.written, removed: report.removed, keptAside: report.backup };
}
