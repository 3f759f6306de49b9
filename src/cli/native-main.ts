/**
 * The CLI with native SQLite in front: `upgrade` and `downgrade` of a database file run on
 * the file itself (native-run.ts); everything else, every malformed command line, and every
 * run when native SQLite cannot be loaded or `--engine sqljs` is given, goes to main() as
 * before. Interim: once main.ts chooses the engine itself (chooseEngine) and its migrate
 * command calls migrateFile, this front and its copy of the report go.
 */
import { parseArgs } from 'node:util';
import { chain } from '../../migrations/index.ts';
import { MigrateError, toErrorInfo, type Direction } from '../engine/index.ts';
import type { ExitCode } from './context.ts';
import { describeRevisions } from './describe.ts';
import { UsageError } from './errors.ts';
import { resolveDatabase } from './files.ts';
import { watchInterrupts } from './interrupt.ts';
import { main, type CliIo } from './main.ts';
import { chooseEngine, migrateFile, type ChosenEngine, type EngineName, type FileOutcome } from './native-run.ts';

const ENGINE_HELP = '      --engine NAME   the SQLite that upgrades and downgrades: native (default; sql.js when it cannot load) or sqljs';

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Takes `--engine NAME` (or `--engine=NAME`) out of the arguments main() gets. */
export function takeEngine(argv: readonly string[]): { engine: EngineName | undefined; rest: string[] } {
  const rest: string[] = [];
  let engine: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--engine') engine = argv[++i] ?? '';
    else if (arg.startsWith('--engine=')) engine = arg.slice('--engine='.length);
    else rest.push(arg);
  }
  if (engine !== undefined && engine !== 'native' && engine !== 'sqljs') {
    throw new UsageError(`--engine takes "native" or "sqljs", not "${engine}".`);
  }
  return { engine: engine as EngineName | undefined, rest };
}

interface FileRunArgs {
  readonly direction: Direction;
  readonly path: string;
  readonly output?: string;
  readonly to?: string;
  readonly inPlace: boolean;
  readonly force: boolean;
  readonly json: boolean;
}

/** `--to -1` as main() reads it (parseArgs would take -1 for an option). */
function joinRelativeTargets(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--to' && /^-\d+$/.test(argv[i + 1] ?? '')) out.push(`--to=${argv[++i]}`);
    else out.push(argv[i]!);
  }
  return out;
}

/**
 * The arguments of a well-formed upgrade or downgrade; null for anything else, which main()
 * handles (and words the usage errors of) as it always has.
 */
export function fileRun(argv: readonly string[]): FileRunArgs | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinRelativeTargets(argv),
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: 'string', short: 'o' },
        to: { type: 'string' },
        'in-place': { type: 'boolean' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
  } catch {
    return null;
  }
  const { values, positionals } = parsed;
  const [command, path, ...extra] = positionals;
  if ((command !== 'upgrade' && command !== 'downgrade') || !path || extra.length) return null;
  if ((values['in-place'] && values.output) || (command === 'downgrade' && !values.to)) return null;
  return {
    direction: command,
    path,
    output: values.output,
    to: values.to,
    inPlace: values['in-place'] ?? false,
    force: values.force ?? false,
    json: values.json ?? false,
  };
}

/** The same words as the sql.js path's report (commands/migrate.ts). */
function report(io: CliIo, json: boolean, input: string, outcome: FileOutcome): void {
  const { result, output } = outcome;
  if (json) {
    io.out(JSON.stringify({
      command: result.direction,
      input,
      output,
      from: result.from,
      to: result.to,
      steps: result.steps.map(({ statements: _s, ...step }) => step),
      before: outcome.before,
      after: outcome.after,
      checks: outcome.checks,
      notes: outcome.notes,
    }, null, 2));
    return;
  }
  if (!result.steps.length) {
    const wrote = output ? ` Wrote an identical copy to ${output}.` : ' Nothing written.';
    io.out(`${input} is already at ${describeRevisions(chain, result.to)}; nothing to run.${wrote}`);
    return;
  }
  for (const step of result.steps) {
    io.out(`  ${step.direction === 'upgrade' ? '↑' : '↓'} ${step.revision}  ${step.message}  (${step.durationMs.toFixed(0)} ms, ${step.rowsChanged} rows changed)`);
    for (const note of step.notes) io.out(`      note: ${note}`);
  }
  for (const note of outcome.notes) io.err(`note: ${note}`);
  io.out(
    `${result.direction === 'upgrade' ? 'Upgraded' : 'Downgraded'} ${input} from ${describeRevisions(chain, result.from)} to ${describeRevisions(chain, result.to)} in ${result.steps.length} step(s); integrity and foreign-key checks passed. Wrote ${output}.`,
  );
}

async function runNatively(engine: Extract<ChosenEngine, { name: 'native' }>, args: FileRunArgs, io: CliIo): Promise<ExitCode> {
  const input = resolveDatabase(args.path);
  const interrupts = watchInterrupts();
  try {
    const outcome = await migrateFile(engine.native, chain, {
      input,
      direction: args.direction,
      target: args.to ?? (args.direction === 'upgrade' ? 'heads' : undefined),
      output: args.output,
      inPlace: args.inPlace,
      force: args.force,
      beforeWrite: () => interrupts.checkpoint(),
    });
    report(io, args.json, input, outcome);
    return 0;
  } finally {
    interrupts.stop();
  }
}

/** Runs the CLI, native SQLite first; returns the exit code (tests call it). */
export async function nativeFirst(argv: readonly string[], io: CliIo = defaultIo, choose = chooseEngine): Promise<ExitCode> {
  let json = argv.includes('--json');
  try {
    const { engine: asked, rest } = takeEngine(argv);
    const args = fileRun(rest);
    if (!args) return await main(rest, withEngineHelp(io));
    json = args.json;
    const engine = await choose(asked);
    if (engine.name === 'native') return await runNatively(engine, args, io);
    if (engine.note) io.err(`note: ${engine.note}`);
    return await main(rest, io);
  } catch (error) {
    // As main() reports its failures.
    const info = toErrorInfo(error);
    const sentence = error instanceof MigrateError ? info.message : `Unexpected failure: ${info.message}`;
    io.err(`entropy-migrate: ${sentence}`);
    if (json) io.out(JSON.stringify({ error: info }));
    return 2;
  }
}

/** main()'s usage text with the --engine option in its list. */
function withEngineHelp(io: CliIo): CliIo {
  return { ...io, out: (line) => io.out(line.replace(/^(\s+-h, --help)/m, `${ENGINE_HELP}\n$1`)) };
}
