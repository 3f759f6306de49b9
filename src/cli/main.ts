/**
 * entropy-migrate: the engine on the command line. Thin verbs over the engine; every error
 * becomes one plain sentence on stderr and exit code 2, and no output file is left behind.
 */
import { parseArgs } from 'node:util';
import { chain } from '../../migrations/index.ts';
import { MigrateError, toErrorInfo } from '../engine/index.ts';
import { nodeOpener } from '../sqljs/node.ts';
import { check, current, stampCommand } from './commands/inspect.ts';
import { history } from './commands/history.ts';
import { merge } from './commands/merge.ts';
import { migrate } from './commands/migrate.ts';
import { sql } from './commands/sql.ts';
import type { CliBase, CliContext, CliOptions, ExitCode } from './context.ts';
import { UsageError } from './errors.ts';
import { errorSentence, guarded } from './terminal.ts';

export const USAGE = `entropy-migrate: upgrade Entropy's entropy.db as Entropy's own Alembic would, on a copy.

Usage:
  entropy-migrate upgrade IN.db [-o OUT.db] [--to REV]   default target: head; default OUT: IN.upgraded.db
  entropy-migrate downgrade IN.db --to REV [-o OUT.db]   REV: a revision, a unique prefix, base, -1, ...
  entropy-migrate stamp IN.db REV [-o OUT.db]            record REV without running migrations
  entropy-migrate current IN.db                          print the recorded revision(s); nothing at base
  entropy-migrate check IN.db                            exit 0 at head, 1 when behind, 2 on error
  entropy-migrate heads                                  the newest revision(s)
  entropy-migrate history                                the chain, newest first, with Entropy releases
  entropy-migrate sql [--from REV] [--to REV]            the SQL a range runs, as a script (default base to heads)
  entropy-migrate merge -m MESSAGE [REV REV ...]         a revision joining two heads (default: all heads)

IN may also be an Entropy project folder (its .entropy/entropy.db is used).

Options:
  -o, --output FILE   where to write (never over IN unless --in-place)
      --to REV        target revision
      --in-place      replace IN atomically, after saving it as IN.bak.<from-rev>.db
      --force         replace an existing output or backup file
      --from REV      start of the range for sql
  -m, --message TEXT  the merge revision's message
      --rev-id ID     the merge revision's id (default: 12 random hex digits)
      --json          machine-readable output on stdout
  -h, --help          this text
`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** `--to -1` is how people write a relative target; parseArgs would read -1 as an option. */
function joinRelativeTargets(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--to' && /^-\d+$/.test(argv[i + 1] ?? '')) out.push(`--to=${argv[++i]}`);
    else out.push(argv[i]!);
  }
  return out;
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: joinRelativeTargets(argv),
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: 'string', short: 'o' },
        to: { type: 'string' },
        from: { type: 'string' },
        message: { type: 'string', short: 'm' },
        'rev-id': { type: 'string' },
        'in-place': { type: 'boolean' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}.`);
  }
}

async function dispatch(argv: readonly string[], io: CliIo, setJson: (json: boolean) => void): Promise<ExitCode> {
  const { values, positionals } = parse(argv);
  const options: CliOptions = values;
  setJson(values.json ?? false);
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    io.out(USAGE);
    return command || values.help ? 0 : 2;
  }
  if (values['in-place'] && values.output) throw new UsageError('--in-place and -o cannot be used together.');
  const base: CliBase = { chain, json: values.json ?? false, ...io };
  const withDb = async (): Promise<CliContext> => ({ ...base, open: await nodeOpener() });
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
      return sql(await withDb(), rest, values);
    case 'merge':
      return merge(base, rest, values);
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: readonly string[], rawIo: CliIo = defaultIo): Promise<ExitCode> {
  const io = guarded(rawIo);
  let json = false;
  try {
    return await dispatch(argv, io, (value) => (json = value));
  } catch (error) {
    const info = toErrorInfo(error);
    const sentence = error instanceof MigrateError ? info.message : `Unexpected failure: ${info.message}`;
    io.err(`entropy-migrate: ${errorSentence(sentence)}`);
    if (json) io.out(JSON.stringify({ error: info }));
    return 2;
  }
}
