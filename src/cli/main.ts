/**
 * entropy-migrate: the engine on the command line, for one project (handed in by the entry
 * point). Thin verbs over the engine; every error becomes one plain sentence on stderr and
 * exit code 2, and no output file is left behind. Developer verbs live in src/devtools/cli.ts.
 */
import { parseArgs } from 'node:util';
import { aProject, asMigrateError, budgetedOpener, joinRelativeTargets, Migrator, type MigrateError, type ProjectDefinition } from '../engine/index.ts';
import { nodeOpener } from '../sqljs/node.ts';
import { chooseEngine, engineName } from './engine.ts';
import { check, current, stampCommand } from './commands/inspect.ts';
import { history } from './commands/history.ts';
import { migrate } from './commands/migrate.ts';
import { restore } from './commands/restore.ts';
import type { CliBase, CliContext, CliOptions } from './context.ts';
import { UsageError } from './errors.ts';
import { errorSentence, guarded } from './terminal.ts';
import { budgetedNative, DEFAULT_MEMORY_LIMIT_MB, inCliWords, MEMORY_LIMIT_ENV, memoryBudget, meterTheBudget, type MemoryBudget } from './budget.ts';
import { watchInterrupts, type StopGate } from './interrupt.ts';
import { runInWorker } from './worker-run.ts';
import type { StartedWorker } from './worker-start.ts';
import { startCheckThread } from './check-thread.ts';
import type { NativeSqlite } from '../native/adapter.ts';
import { scan } from './commands/scan.ts';
import { several, type OneRun } from './commands/several.ts';
import { CLI_OPTIONS, DATABASE_COMMANDS, SEVERAL_COMMANDS } from './options.ts';
import { showVersion } from './commands/version.ts';
import { VERSION } from './version.ts';
import { firstTime } from './said-once.ts';

export function usage(project: ProjectDefinition): string {
  const db = project.layout.database;
  return `entropy-migrate ${VERSION}: upgrade ${aProject(project)} project as ${project.name}'s own upgrade would, on a copy.

Usage:
  entropy-migrate upgrade DIR [-o OUT_DIR] [--to REV]   the whole project: its database and files; default OUT_DIR: DIR.upgraded
  entropy-migrate upgrade IN.db [-o OUT.db] [--to REV]   the database alone; default OUT: IN.upgraded.db
  entropy-migrate upgrade IN.db --project                a bare database: becomes the project folder IN/, then upgraded
  entropy-migrate downgrade DIR|IN.db --to REV [-o OUT]  REV: a revision, a unique prefix, base, -1, ...
  entropy-migrate stamp IN.db REV [-o OUT.db]            record REV without running migrations
  entropy-migrate current IN.db                          print the recorded revision(s); nothing at base
  entropy-migrate check IN.db                            exit 0 at head, 1 when behind, 2 on error
  entropy-migrate restore DIR [--force]                  put DIR back as it was before its last run in place
  entropy-migrate heads                                  the newest revision(s)
  entropy-migrate history                                the chain, newest first, with ${project.name} releases
  entropy-migrate scan ROOT                              every ${project.name} project under ROOT: up to date, needs upgrade, or why it cannot be read
  entropy-migrate upgrade|check|current DIR DIR ...      several projects, each on its own; a failure stops only its own
  entropy-migrate --version                              this tool's version, the revision it upgrades to, its SQLite

DIR is ${aProject(project)} project folder (its database is ${db}); current, check and stamp use its database.

Options:
  -o, --output FILE   where to write (never over IN unless --in-place)
      --to REV        target revision
      --in-place      a folder: update it all or nothing, with the backups ${project.name} keeps,
                      and every file it replaces or removes kept for restore;
                      a database: replace it atomically, after saving it as IN.bak.<from-rev>.db
      --db-only       on a folder: upgrade its database alone
      --project       on a bare IN.db: make it the project folder IN/ (--in-place moves it there)
      --force         replace an existing output or backup file
      --engine NAME   the SQLite that opens databases: native (default; works on the file,
                      sql.js when it cannot load) or sqljs (holds the whole database in memory)
      --memory-limit SIZE  the most a run may use (512M, 4G; default ${DEFAULT_MEMORY_LIMIT_MB / 1024}G, or ${MEMORY_LIMIT_ENV}):
                      all it holds (its JavaScript heap, SQLite's and HDF5's memory, the values
                      and files it reads) beyond a fixed 256 MB for the runtime, and how far the
                      database may grow (twice its size plus SIZE); past it the run stops with a sentence
      --json          machine-readable output on stdout
      --debug         on an unexpected failure, print where it happened
  -V, --version       print the version
  -h, --help          this text
`;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: joinRelativeTargets(argv),
      allowPositionals: true,
      strict: true,
      options: CLI_OPTIONS,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}.`);
  }
}

export interface MainOptions {
  /**
   * The module to start as the worker that runs database commands (the entry point itself,
   * see worker-run.ts). Without it they run in this thread, with the in-process stop gate.
   */
  readonly worker?: URL;
  /** A worker the entry point started for this command before the CLI loaded (worker-start.ts). */
  readonly started?: StartedWorker;
  /** In the worker: the gate the main thread shares. */
  readonly gate?: StopGate;
  /**
   * In the worker: the module to start as the thread that checks a native run's result beside
   * it (check-thread.ts). Without it the checks run one after the other.
   */
  readonly checkWorker?: URL;
  /** On a terminal: a progress line per project when several are named. */
  readonly progress?: boolean;
}

interface Flags {
  json: boolean;
  debug: boolean;
  budget: MemoryBudget | null;
  /** Puts back the memory meter this run set (a test calls main() many times in one process). */
  unmeter: () => void;
}

async function dispatch(argv: readonly string[], project: ProjectDefinition, io: CliIo, flags: Flags, choose: typeof chooseEngine, options: MainOptions): Promise<number> {
  const { values, positionals } = parse(argv);
  const cliOptions: CliOptions = values;
  flags.json = values.json ?? false;
  flags.debug = values.debug ?? false;
  const [command, ...rest] = positionals;
  if (values.version && !values.help) return showVersion({ project, json: flags.json, ...io, watchStops: watchInterrupts }, () => choose(engineName(values.engine)));
  if (values.help || !command) {
    io.out(usage(project));
    return command || values.help ? 0 : 2;
  }
  if (values['in-place'] && values.output) throw new UsageError('--in-place and -o cannot be used together.');
  const budget = memoryBudget(values['memory-limit']);
  flags.budget = budget;
  const asked = engineName(values.engine);
  if (SEVERAL_COMMANDS.has(command) && rest.length > 1) {
    // Each project a run of its own: in a worker of its own, or here when there is none.
    const runOne: OneRun = (sub, subIo) => (options.worker ? runInWorker(options.worker, sub, subIo, budget) : main(sub, project, subIo, choose, options));
    return several({ project, json: flags.json, ...io, watchStops: watchInterrupts }, command, rest, values, runOne, options.progress ?? false);
  }
  if (options.worker && DATABASE_COMMANDS.has(command)) {
    return runInWorker(options.worker, argv, { ...io, fail: (error) => printError(io, flags, error) }, budget, options.started);
  }
  const base: CliBase = { project, json: flags.json, ...io, watchStops: options.gate ? () => options.gate! : watchInterrupts };
  const withDb = async (): Promise<CliContext> => {
    flags.unmeter = meterTheBudget(budget);
    const engine = await choose(asked);
    if (engine.name === 'native') {
      const native = withCheckThread(budgetedNative(engine.native, budget), options.checkWorker);
      return { ...base, migrator: new Migrator(native.opener, project), native };
    }
    if (engine.note && firstTime(engine.note)) io.err(`note: ${engine.note}`);
    return { ...base, migrator: new Migrator(budgetedOpener(await nodeOpener(), budget), project), native: null };
  };
  switch (command) {
    case 'upgrade':
    case 'downgrade':
      return migrate(await withDb(), command, rest, cliOptions);
    case 'stamp':
      return stampCommand(await withDb(), rest, cliOptions);
    case 'current':
      return current(await withDb(), rest);
    case 'check':
      return check(await withDb(), rest);
    case 'restore':
      return restore(base, rest, cliOptions);
    case 'scan':
      // It only reads, so it runs in this thread: Ctrl-C ends it the default way.
      return scan(await withDb(), rest);
    case 'heads':
    case 'history':
      if (rest.length) throw new UsageError(`${command} takes no arguments.`);
      return history(base, command === 'heads');
    case 'sql':
    case 'merge':
      throw new UsageError(`"${command}" is a developer command: run it in a checkout of entropy-migrate with "npm run migration:${command}".`);
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

/** Native SQLite that can start the thread checking a result beside the run, from `entry`. */
function withCheckThread(native: NativeSqlite, entry: URL | undefined): NativeSqlite {
  return entry ? { ...native, startCheckThread: () => startCheckThread(entry) } : native;
}

/** One error as the CLI shows it: one sentence on stderr, and with --json the error on stdout. */
function printError(io: CliIo, flags: Flags, error: MigrateError): void {
  io.err(`entropy-migrate: ${errorSentence(error.message)}`);
  if (error.code === 'INTERNAL') {
    if (flags.debug) io.err(error.stack ?? String(error.cause));
    else io.err('entropy-migrate: run again with --debug to see where it happened, and report it.');
  }
  if (flags.json) {
    const { stack: _stack, ...info } = error.toInfo();
    io.out(JSON.stringify({ version: VERSION, error: info }));
  }
}

/**
 * Runs the CLI for `project`; returns the exit code instead of exiting, so tests can call it
 * (and give it their own `choose`, to see which engine was loaded). The entry point gives it
 * a worker (options.worker), so that a run can be stopped at once.
 */
export async function main(argv: readonly string[], project: ProjectDefinition, rawIo: CliIo = defaultIo, choose = chooseEngine, options: MainOptions = {}): Promise<number> {
  const io = guarded(rawIo);
  const flags: Flags = { json: false, debug: false, budget: null, unmeter: () => {} };
  try {
    return await dispatch(argv, project, io, flags, choose, options);
  } catch (thrown) {
    // Out of memory: which limit and how to raise it, or what to do when the computer ran short.
    printError(io, flags, inCliWords(asMigrateError(thrown), flags.budget));
    return 2;
  } finally {
    flags.unmeter();
  }
}
