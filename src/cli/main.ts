/**
 * entropy-migrate: the engine on the command line, for one project (handed in by the entry
 * point). Thin verbs over the engine; every error becomes one plain sentence on stderr and
 * exit code 2, and no output file is left behind. Developer verbs live in src/devtools/cli.ts.
 */
import { parseArgs } from 'node:util';
import { asMigrateError, Migrator, type ProjectDefinition } from '../engine/index.ts';
import { nodeOpener } from '../sqljs/node.ts';
import { chooseEngine, engineName } from './engine.ts';
import { check, current, stampCommand } from './commands/inspect.ts';
import { history } from './commands/history.ts';
import { migrate } from './commands/migrate.ts';
import type { CliBase, CliContext, CliOptions, ExitCode } from './context.ts';
import { UsageError } from './errors.ts';
import { joinRelativeTargets } from './relative-targets.ts';
import { errorSentence, guarded } from './terminal.ts';

export function usage(project: ProjectDefinition): string {
  const db = project.layout.database;
  return `entropy-migrate: upgrade ${project.name}'s database as ${project.name}'s own Alembic would, on a copy.

Usage:
  entropy-migrate upgrade DIR [-o OUT_DIR] [--to REV]   the whole project: its database and files; default OUT_DIR: DIR.upgraded
  entropy-migrate upgrade IN.db [-o OUT.db] [--to REV]   the database alone; default OUT: IN.upgraded.db
  entropy-migrate upgrade IN.db --project                a bare database: becomes the project folder IN/, then upgraded
  entropy-migrate downgrade DIR|IN.db --to REV [-o OUT]  REV: a revision, a unique prefix, base, -1, ...
  entropy-migrate stamp IN.db REV [-o OUT.db]            record REV without running migrations
  entropy-migrate current IN.db                          print the recorded revision(s); nothing at base
  entropy-migrate check IN.db                            exit 0 at head, 1 when behind, 2 on error
  entropy-migrate heads                                  the newest revision(s)
  entropy-migrate history                                the chain, newest first, with ${project.name} releases

DIR is a ${project.name} project folder (its database is ${db}); current, check and stamp use its database.

Options:
  -o, --output FILE   where to write (never over IN unless --in-place)
      --to REV        target revision
      --in-place      a folder: update it all or nothing, with the backups ${project.name} keeps;
                      a database: replace it atomically, after saving it as IN.bak.<from-rev>.db
      --db-only       on a folder: upgrade its database alone
      --project       on a bare IN.db: make it the project folder IN/ (--in-place moves it there)
      --force         replace an existing output or backup file
      --engine NAME   the SQLite that opens databases: native (default; works on the file,
                      sql.js when it cannot load) or sqljs (holds the whole database in memory)
      --json          machine-readable output on stdout
      --debug         on an unexpected failure, print where it happened
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
      options: {
        output: { type: 'string', short: 'o' },
        to: { type: 'string' },
        'in-place': { type: 'boolean' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
        debug: { type: 'boolean' },
        'db-only': { type: 'boolean' },
        project: { type: 'boolean' },
        engine: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}.`);
  }
}

async function dispatch(argv: readonly string[], project: ProjectDefinition, io: CliIo, flags: { json: boolean; debug: boolean }, choose: typeof chooseEngine): Promise<ExitCode> {
  const { values, positionals } = parse(argv);
  const options: CliOptions = values;
  flags.json = values.json ?? false;
  flags.debug = values.debug ?? false;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    io.out(usage(project));
    return command || values.help ? 0 : 2;
  }
  if (values['in-place'] && values.output) throw new UsageError('--in-place and -o cannot be used together.');
  const base: CliBase = { project, json: flags.json, ...io };
  const asked = engineName(values.engine);
  const withDb = async (): Promise<CliContext> => {
    const engine = await choose(asked);
    if (engine.name === 'native') return { ...base, migrator: new Migrator(engine.native.opener, project), native: engine.native };
    if (engine.note) io.err(`note: ${engine.note}`);
    return { ...base, migrator: new Migrator(await nodeOpener(), project), native: null };
  };
  switch (command) {
    case 'upgrade':
    case 'downgrade':
      return migrate(await withDb(), command, rest, options);
    case 'stamp':
      return stampCommand(await withDb(), rest, options);
    case 'current':
      return current(await withDb(), rest);
    case 'check':
      return check(await withDb(), rest);
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

/**
 * Runs the CLI for `project`; returns the exit code instead of exiting, so tests can call it
 * (and give it their own `choose`, to see which engine was loaded).
 */
export async function main(argv: readonly string[], project: ProjectDefinition, rawIo: CliIo = defaultIo, choose = chooseEngine): Promise<ExitCode> {
  const io = guarded(rawIo);
  const flags = { json: false, debug: false };
  try {
    return await dispatch(argv, project, io, flags, choose);
  } catch (thrown) {
    const error = asMigrateError(thrown);
    io.err(`entropy-migrate: ${errorSentence(error.message)}`);
    if (error.code === 'INTERNAL') {
      if (flags.debug) io.err(error.stack ?? String(error.cause));
      else io.err('entropy-migrate: run again with --debug to see where it happened, and report it.');
    }
    if (flags.json) {
      const { stack: _stack, ...info } = error.toInfo();
      io.out(JSON.stringify({ error: info }));
    }
    return 2;
  }
}
