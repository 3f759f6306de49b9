/**
 * upgrade / downgrade of a whole project folder: the database and the project's files
 * beside it (Entropy's params.json and HDF5 results), as one unit. Without --in-place the
 * result is a new folder (DIR.upgraded by default) and DIR is not touched; with --in-place
 * DIR is updated all or nothing, keeping the backups the project's own tools expect.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { commitToFolder, fillNewFolder, MigrateError, readBackInWords, type CommitReport, type Direction, type FileChange, type FolderSource, type RunOutcome } from '../../engine/index.ts';
import type { CliContext, CliOptions, ExitCode } from '../context.ts';
import { printSteps } from '../report-steps.ts';
import { describeRevisions } from '../describe.ts';
import { besideInput, refuseExisting, removeStaleTemps, tempName } from '../files.ts';
import { databaseWork, type DatabaseWork } from '../database-work.ts';
import { keptFilesIn } from '../kept-files.ts';
import { diskFolder, ownerAlive, thisProcess } from '../disk-folder.ts';
import { commitChanges, copyProject, folderOnDisk, walkFiles, type FoundFile } from '../project-folder.ts';
import { booksOf, homeOf, settleFolder } from '../settle-folder.ts';
import { printedPath, shownPath, sentenceLine } from '../terminal.ts';

/** What a whole-project run hands back to the folder: the new database and every other change. */
interface FolderUpdate {
  readonly database: Exclude<FileChange, { kind: 'remove' }>;
  readonly changes: readonly FileChange[];
  /** Folders to create even when empty (POSIX paths). */
  readonly folders: readonly string[];
}
import { VERSION } from '../version.ts';

/** Where the project's database and files come from, and where the result goes. */
export interface ProjectInput {
  /** The folder as the user named it (for sentences). */
  readonly shown: string;
  readonly databasePath: string;
  readonly folder: FolderSource;
  /** The project folder, for an in-place run; null for a bare database (which becomes a new folder). */
  readonly root: string | null;
  /** Where a new folder goes when -o does not say. */
  readonly defaultOutput: string;
  /** Every file a new folder starts with: relative path -> where it is now. */
  readonly carried: ReadonlyMap<string, FoundFile>;
  /** Files an in-place run moves into the new folder (a bare database and its results file). */
  readonly moved: readonly string[];
  /** What settling the folder did before anything read it (an interrupted upgrade finished or undone), or null. */
  readonly recovered: string | null;
}

/** A project folder, settled first (settle-folder.ts), then read as the project's own tools read it. */
export async function projectInFolder(ctx: CliContext, dir: string): Promise<ProjectInput> {
  const recovered = await settleFolder(ctx.project, dir);
  const databasePath = join(dir, ...ctx.project.layout.database.split('/'));
  const root = resolve(dir);
  const found = walkFiles(dir);
  return {
    shown: dir,
    databasePath,
    folder: folderOnDisk(dir, ctx.project, found),
    root: dir,
    defaultOutput: join(dirname(root), `${basename(root)}.upgraded`),
    carried: found,
    moved: [],
    recovered,
  };
}

/** Files listed one by one up to this many per folder; more are counted (--json lists them all). */
const LISTED_PER_FOLDER = 8;

/**
 * Paths as a reader can take them in: a project with 1,500 experiments writes 1,500 HDF5
 * files, which listed one by one made a 30,000-character line.
 */
function listed(paths: readonly string[]): string {
  const byFolder = new Map<string, string[]>();
  for (const path of paths) {
    const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), path]);
  }
  return [...byFolder]
    .flatMap(([folder, inFolder]) => (inFolder.length > LISTED_PER_FOLDER && folder ? [`${inFolder.length} files in ${folder}`] : inFolder))
    .join(', ');
}

function summary(changes: readonly FileChange[]): string {
  // 'place': written too, by the run, into a file of its own (kept-files.ts).
  const written = changes.filter((c) => c.kind !== 'remove').map((c) => c.path);
  const removed = changes.filter((c) => c.kind === 'remove').map((c) => c.path);
  const parts = [written.length ? `wrote ${listed(written)}` : null, removed.length ? `removed ${listed(removed)}` : null].filter(Boolean);
  return parts.length ? `; ${parts.join('; ')}` : '';
}

function report(ctx: CliContext, input: ProjectInput, output: string | null, outcome: RunOutcome, backup: string | null): void {
  const { result } = outcome;
  if (input.recovered && !ctx.json) ctx.err(`note: ${sentenceLine(input.recovered)}`);
  if (ctx.json) {
    ctx.out(JSON.stringify({
      version: VERSION,
      command: result.direction,
      project: input.shown,
      output,
      recovered: input.recovered,
      backup,
      from: result.from,
      to: result.to,
      steps: result.steps.map(({ statements: _s, ...step }) => step),
      // Where the run kept a file's bytes is its own business: a file it wrote is 'write'.
      files: outcome.files.map((c) => ({ kind: c.kind === 'remove' ? 'remove' : 'write', path: c.path })),
      finished: outcome.finished,
      before: outcome.before,
      after: outcome.after,
      checks: outcome.checks,
      notes: outcome.notes,
    }, null, 2));
    return;
  }
  printSteps(ctx, result);
  for (const sentence of outcome.finished.done) ctx.out(`  ✓ ${sentenceLine(sentence)}`);
  const readBack = readBackInWords(outcome.readBack);
  if (readBack) ctx.out(`  ✓ ${readBack[0]!.toUpperCase()}${readBack.slice(1)} before anything was written.`);
  for (const warning of outcome.finished.warnings) ctx.err(`warning: ${sentenceLine(warning)}`);
  for (const note of outcome.notes) ctx.err(`note: ${sentenceLine(note)}`);
  const verb = result.direction === 'upgrade' ? 'Upgraded' : 'Downgraded';
  const where = output ? ` Wrote ${printedPath(output)}${summary(outcome.files)}.` : ' Nothing needed changing; nothing written.';
  const checks = `integrity${readBack ? ', foreign-key and read-back' : ' and foreign-key'} checks passed.${where}`;
  // A database already at the target whose project files still needed the finishing work.
  const what = result.steps.length === 0
    ? `Finished the upgrade of the project ${printedPath(input.shown)}, whose database was already at ${describeRevisions(ctx.project, result.to)}`
    : `${verb} the project ${printedPath(input.shown)} from ${describeRevisions(ctx.project, result.from)} to ${describeRevisions(ctx.project, result.to)} in ${result.steps.length} step(s)`;
  ctx.out(`${what}; ${checks}`);
  if (backup && output) {
    ctx.out(`The files it replaced or removed are kept as they were in ${printedPath(join(output, ...backup.split('/')))}; "entropy-migrate restore ${printedPath(output)}" puts the project back as it was.`);
  }
}

/** The real path of something that may not exist yet (its nearest existing folder decides). */
function realPath(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realPath(parent), basename(absolute));
  }
}

const within = (inner: string, outer: string) => inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : `${outer}${sep}`);

/**
 * A new folder may be neither the project, nor inside it, nor around any file the run reads:
 * replacing it (--force) would delete the very files being upgraded.
 */
function refuseOverlap(input: ProjectInput, output: string): void {
  const out = realPath(output);
  const sources = [input.root, input.databasePath, ...[...input.carried.values()].map((f) => f.abs)].filter((p): p is string => p !== null).map(realPath);
  const hit = sources.find((source) => within(source, out) || (input.root !== null && within(out, realPath(input.root))));
  if (hit) {
    throw new MigrateError(
      'OUTPUT_IS_INPUT',
      `The output "${shownPath(output)}" is the project being upgraded, or inside it, or holds it, and writing there would destroy it; choose a folder elsewhere, or use --in-place. Nothing was written.`,
      { output },
    );
  }
}

/** A new folder being built: a temporary folder beside where it goes, renamed into place at the end. */
interface NewFolder {
  readonly output: string;
  readonly temp: string;
  readonly force: boolean;
}

/** Checks where a new folder goes and starts it, before any work (native SQLite works inside it). */
function startNewFolder(input: ProjectInput, output: string, force: boolean): NewFolder {
  refuseOverlap(input, output);
  refuseExisting(output, force);
  const temp = tempName(resolve(output), process.pid);
  rmSync(temp, { recursive: true, force: true });
  try {
    mkdirSync(temp, { recursive: true });
  } catch (error) {
    throw new MigrateError('IO', `Cannot write "${shownPath(output)}": ${(error as Error).message}. Nothing was written.`, { output });
  }
  return { output, temp, force };
}

/**
 * Completes a new folder: the input's other files, the new database and the changes, renamed
 * into place; `tidy` removes the run's own temporary files from it first.
 */
async function completeNewFolder(ctx: CliContext, input: ProjectInput, folder: NewFolder, update: FolderUpdate, tidy: () => void): Promise<void> {
  const { output, temp } = folder;
  try {
    // The old database is not carried: the new one takes its place.
    copyProject(input.carried, homeOf(ctx.project), temp, (path) => path === update.database.path);
    await fillNewFolder(diskFolder(temp, output), commitChanges(temp, update.database, update.changes, update.folders), { words: NEW_FOLDER_WORDS, force: folder.force });
    tidy();
    if (existsSync(output)) rmSync(output, { recursive: true, force: true });
    renameSync(temp, output);
  } catch (error) {
    throw error instanceof MigrateError ? error : new MigrateError('IO', `Cannot write "${output}": ${(error as Error).message}. Nothing was written.`, { output });
  }
}

const NEW_FOLDER_WORDS = { elsewhere: 'choose another output folder', force: 'add --force' };
const IN_PLACE_WORDS = { elsewhere: 'Upgrade into a new folder with -o instead (it holds the data itself)', force: 'add --force' };

/**
 * --in-place: the folder commit (engine folder-commit.ts) with its journal, and a backup of
 * every file it replaces or removes for `restore`. The run's own temporary files (the work
 * database, the kept files) are the commit's staged files and are named in its journal.
 */
async function commitInPlace(ctx: CliContext, input: ProjectInput, update: FolderUpdate, outcome: RunOutcome, options: CliOptions, databaseAt: string): Promise<CommitReport> {
  const root = input.root!;
  const relativeTemp = (path: string) => relative(root, path).split(sep).join('/');
  return commitToFolder(diskFolder(root, input.shown), commitChanges(root, update.database, update.changes, update.folders), {
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
async function runOnDatabase(ctx: CliContext, direction: Direction, input: ProjectInput, options: CliOptions, workDir: string): Promise<{ outcome: RunOutcome; database: FolderUpdate['database']; discard: () => void }> {
  const keptDir = `${workDir}.files`;
  removeStaleTemps(keptDir);
  const kept = keptFilesIn(tempName(keptDir, process.pid));
  let on: DatabaseWork | null = null;
  const discard = () => (on?.discard(), kept.discard());
  try {
    mkdirSync(dirname(workDir), { recursive: true });
    on = await databaseWork(ctx, input.databasePath, workDir, input.root !== null && options['in-place'] === true);
    const { output, ...outcome } = ctx.migrator.migrateSource(on.source, { direction, target: options.to, folder: input.folder, keepFiles: kept }, on.take);
    return { outcome, database: on.change(output, ctx.project.layout.database), discard };
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
  try {
    await project.prepare?.();
    if (!inPlace) folder = startNewFolder(input, options.output ?? input.defaultOutput, options.force ?? false);
    // Native SQLite's work file lies where the database will be renamed to: the project's own
    // folder for --in-place, the new folder otherwise (never the input folder then).
    const databaseAt = join(inPlace ? input.root! : folder!.temp, ...project.layout.database.split('/'));
    const run = await runOnDatabase(ctx, direction, input, options, databaseAt);
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
      if (output) backup = (await commitInPlace(ctx, input, { ...update, database: run.database }, outcome, options, databaseAt)).backup;
    } else {
      await completeNewFolder(ctx, input, folder!, { ...update, database: run.database }, run.discard);
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
    report(ctx, input, output, outcome, backup);
    return 0;
  } finally {
    discard();
    if (folder) rmSync(folder.temp, { recursive: true, force: true });
    gate.close();
  }
}

/** Renames a bare database that became a project folder to IN.bak.<from>.db, never over another file unless forced. */
function keepOriginalBeside(database: string, from: readonly string[], force: boolean): void {
  const kept = besideInput(database, `bak.${from.join('_') || 'base'}`);
  if (!force && existsSync(kept)) {
    throw new MigrateError('OUTPUT_EXISTS', `The project was written, but "${shownPath(database)}" was left where it is: "${shownPath(kept)}", where its original is kept, already exists. Move one of them away.`, { path: kept });
  }
  renameSync(database, kept);
}

/** A bare database file (and its results file beside it) as the project folder it becomes. */
export function bareDatabaseAsProject(ctx: CliContext, file: string, companions: Readonly<Record<string, string>>): ProjectInput {
  const stem = basename(file).replace(/\.[^.]+$/, '');
  const root = join(dirname(file), stem);
  if (existsSync(join(root, ...ctx.project.layout.database.split('/')))) {
    throw new MigrateError('OUTPUT_EXISTS', `"${root}" already holds a project; move it away or upgrade that project instead.`, { root });
  }
  const files = new Map<string, FoundFile>();
  for (const [path, from] of Object.entries(companions)) if (existsSync(from)) files.set(path, { abs: from, link: null });
  return {
    shown: file,
    databasePath: file,
    folder: { list: () => [...files.keys()], read: (path) => (files.has(path) ? readFileSync(files.get(path)!.abs) : null) },
    root: null,
    defaultOutput: root,
    carried: files,
    moved: [file, ...[...files.values()].map((f) => f.abs)],
    recovered: null,
  };
}
