/**
 * upgrade / downgrade of a whole project folder: the database and the project's files
 * beside it (Entropy's params.json and HDF5 results), as one unit. Without --in-place the
 * result is a new folder (DIR.upgraded by default) and DIR is not touched; with --in-place
 * DIR is updated all or nothing, keeping the backups the project's own tools expect.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { commitToFolder, MigrateError, type CommitReport, type Direction, type RunOutcome } from '../../engine/index.ts';
import type { CliContext, CliOptions, ExitCode } from '../context.ts';
import { backupBeside, removeStaleTemps, tempName } from '../files.ts';
import { databaseWork, type DatabaseWork } from '../database-work.ts';
import { keptFilesIn } from '../kept-files.ts';
import { diskFolder, ownerAlive, thisProcess } from '../disk-folder.ts';
import { completeNewFolder, startNewFolder, type FolderUpdate, type NewFolder } from '../new-folder.ts';
import { commitChanges } from '../project-folder.ts';
import type { ProjectInput } from '../project-input.ts';
import { reportProjectRun } from '../project-report.ts';
import { booksOf } from '../settle-folder.ts';
import { startStampsAhead, type StampsAhead } from '../stamps-ahead.ts';
import { shownPath } from '../terminal.ts';

const IN_PLACE_WORDS = { elsewhere: 'Upgrade into a new folder with -o instead (it holds the data itself)', force: 'add --force' };

/**
 * --in-place: the folder commit (engine folder-commit.ts) with its journal, and a backup of
 * every file it replaces or removes for `restore`. The run's own temporary files (the work
 * database, the kept files) are the commit's staged files and are named in its journal.
 */
async function commitInPlace(ctx: CliContext, input: ProjectInput, update: FolderUpdate, outcome: RunOutcome, options: CliOptions, databaseAt: string, stamps: StampsAhead | null): Promise<CommitReport> {
  const root = input.root!;
  const relativeTemp = (path: string) => relative(root, path).split(sep).join('/');
  return commitToFolder(diskFolder(root, input.shown, stamps), commitChanges(root, update.database, update.changes, update.folders), {
    books: booksOf(ctx.project),
    token: String(process.pid),
    owner: thisProcess(),
    alive: ownerAlive,
    what: { command: outcome.result.direction, from: outcome.result.from, to: outcome.result.to },
    keepBackup: true,
    force: options.force ?? false,
    words: IN_PLACE_WORDS,
    callerTemps: [relativeTemp(tempName(databaseAt, process.pid)), relativeTemp(tempName(`${databaseAt}.files`, process.pid))],
  });
}

/**
 * The run on the project's database (database-work.ts: native SQLite on a work file beside
 * where it will go, or sql.js on its bytes). The files it writes into the folder are kept on
 * disk beside the database's place (kept-files.ts), not in memory.
 */
async function runOnDatabase(
  ctx: CliContext,
  direction: Direction,
  input: ProjectInput,
  options: CliOptions,
  workDir: string,
  stamps: StampsAhead | null,
): Promise<{ outcome: RunOutcome; database: FolderUpdate['database']; discard: () => void }> {
  const keptDir = `${workDir}.files`;
  removeStaleTemps(keptDir);
  const final = (path: string) => stamps?.ahead(path);
  const kept = keptFilesIn(tempName(keptDir, process.pid), (path, bytes) => stamps?.written(path, bytes));
  let on: DatabaseWork | null = null;
  const discard = () => (on?.discard(), kept.discard());
  try {
    mkdirSync(dirname(workDir), { recursive: true });
    // The project's HDF5 move and its threads need the memory more than SQLite needs the speed:
    // no memory map (adapter.ts), and the result's checks one after the other, without a
    // thread of their own (integrity_check beside the others saves 1% of a project's run).
    on = await databaseWork(ctx, input.databasePath, workDir, input.root !== null && options['in-place'] === true, { map: false, checkBeside: false, kept: final });
    const { output, ...outcome } = ctx.migrator.migrateSource(on.source, { direction, target: options.to, folder: input.folder, keepFiles: kept }, on.take);
    const database = on.change(output, ctx.project.layout.database);
    if (database.kind === 'place') final(database.from);
    return { outcome, database, discard };
  } catch (error) {
    discard();
    throw error;
  }
}

export async function migrateProject(ctx: CliContext, direction: Direction, input: ProjectInput, options: CliOptions): Promise<ExitCode> {
  const { project } = ctx;
  const gate = ctx.watchStops();
  const inPlace = options['in-place'] === true && input.root !== null;
  let folder: NewFolder | null = null;
  let discard = () => {};
  // Only a commit in place stamps its files (its journal and backup); the original is final from the start.
  const stamps = inPlace ? startStampsAhead() : null;
  stamps?.ahead(input.databasePath);
  try {
    await project.prepare?.();
    if (!inPlace) folder = startNewFolder(input, options.output ?? input.defaultOutput, options.force ?? false);
    // Native SQLite's work file lies where the database will be renamed to: the project's own
    // folder for --in-place, the new folder otherwise (never the input folder then).
    const databaseAt = join(inPlace ? input.root! : folder!.temp, ...project.layout.database.split('/'));
    const run = await runOnDatabase(ctx, direction, input, options, databaseAt, stamps);
    discard = run.discard;
    const { outcome } = run;
    await gate.enterWrite();
    const nothingToDo = outcome.result.steps.length === 0 && outcome.files.length === 0 && input.moved.length === 0;
    const update: Omit<FolderUpdate, 'database'> = {
      changes: outcome.files,
      folders: direction === 'upgrade' ? (project.layout.foldersAfterUpgrade ?? []) : [],
    };
    let output: string | null;
    let backup: string | null = null;
    if (inPlace) {
      // With nothing to do the folder is left alone, not even an empty folder is made.
      output = nothingToDo ? null : input.root;
      if (output) backup = (await commitInPlace(ctx, input, { ...update, database: run.database }, outcome, options, databaseAt, stamps)).backup;
    } else {
      await completeNewFolder(project, input, folder!, { ...update, database: run.database }, run.discard);
      output = folder!.output;
      folder = null;
      // As the project's own upgrade does, --in-place moves a bare database into its new folder;
      // the original stays beside it as IN.bak.<from>.db, as for a database upgraded in place
      // (its results file's bytes are in the new folder, as the project's own backup of it).
      if (options['in-place']) {
        const [database, ...companions] = input.moved;
        if (database) keepOriginalBeside(database, outcome.result.from, options.force ?? false);
        for (const path of companions) rmSync(path, { force: true });
      }
    }
    reportProjectRun(ctx, input, output, outcome, backup);
    return 0;
  } finally {
    stamps?.close();
    discard();
    if (folder) rmSync(folder.temp, { recursive: true, force: true });
    gate.close();
  }
}

/** Renames a bare database that became a project folder to IN.bak.<from>.db, never over another file unless forced. */
function keepOriginalBeside(database: string, from: readonly string[], force: boolean): void {
  const kept = backupBeside(database, from);
  if (!force && existsSync(kept)) {
    throw new MigrateError('OUTPUT_EXISTS', `The project was written, but "${shownPath(database)}" was left where it is: "${shownPath(kept)}", where its original is kept, already exists. Move one of them away.`, { path: kept });
  }
  renameSync(database, kept);
}
