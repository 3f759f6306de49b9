/**
 * upgrade / check / current on several projects in one command. Each project is a run of
 * its own, exactly the one-project command (in a worker of its own, from the entry point):
 * all or nothing for that project, its own memory budget, and a failure that stops only
 * that project. Each run answers in --json, from which this module writes one line per
 * project and a summary, or, with --json, one document with a `projects` list.
 */
import { MigrateError, type ErrorInfo } from '../../engine/index.ts';
import type { CliBase } from '../context.ts';
import { describeRevisions } from '../describe.ts';
import { UsageError } from '../errors.ts';
import { warningLines } from '../report-steps.ts';
import { errorSentence, printedPath } from '../terminal.ts';
import { VERSION } from '../version.ts';
import { EXIT_CODES } from '../worker-run.ts';

const SIGNALS = Object.keys(EXIT_CODES) as NodeJS.Signals[];

type Command = 'upgrade' | 'check' | 'current';

export interface RunIo {
  out(line: string): void;
  err(line: string): void;
  /** A refusal the run could not print itself (stopped by a signal, over its budget). */
  fail(error: MigrateError): void;
}

/** Runs one command line (one project) to its end; resolves with its exit code. */
export type OneRun = (argv: readonly string[], io: RunIo) => Promise<number>;

type Doc = Record<string, unknown>;
type Failure = Pick<ErrorInfo, 'code' | 'message'>;

interface ProjectResult {
  readonly path: string;
  readonly doc: Doc | null;
  readonly error: Failure | null;
  readonly code: number;
}

/** The options as the one-project runs get them (each also gets --json, and its one path). */
function optionArgs(values: Readonly<Record<string, string | boolean | undefined>>): string[] {
  if (values.output !== undefined) {
    throw new UsageError('-o names one output, so it takes one project; with several, each is written beside itself (DIR.upgraded) or, with --in-place, into itself.');
  }
  return Object.entries(values).flatMap(([name, value]) => {
    if (name === 'json' || name === 'help' || name === 'version' || value === undefined || value === false) return [];
    // `--to=-1`: a value that looks like an option stays a value.
    return value === true ? [`--${name}`] : [`--${name}=${value}`];
  });
}

async function runProject(
  command: Command,
  path: string,
  options: readonly string[],
  runOne: OneRun,
  forward: (line: string) => void,
  onStop: (error: MigrateError) => void,
): Promise<ProjectResult> {
  const out: string[] = [];
  const err: string[] = [];
  let failed: MigrateError | null = null;
  const code = await runOne([command, ...options, '--json', '--', path], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    fail: (e) => {
      failed = e;
      if (e.code === 'CANCELLED') onStop(e);
    },
  });
  let doc: Doc | null = null;
  try {
    doc = out.length ? (JSON.parse(out.join('\n')) as Doc) : null;
  } catch {
    failed ??= new MigrateError('INTERNAL', `Unexpected failure (a bug, not a problem with your file): the run on "${path}" answered in words, not JSON. Nothing more was done to it.`);
  }
  // As scan gives it: the code and the sentence (the one-project --json has the details).
  const { code: errorCode, message } = (failed ?? (doc?.error as Failure | undefined) ?? {}) as Partial<Failure>;
  const error: Failure | null = errorCode && message ? { code: errorCode, message } : null;
  // The run's own error line is this module's to print, on the project's line.
  const ownLine = error ? `entropy-migrate: ${errorSentence(error.message)}` : null;
  for (const line of err) if (line !== ownLine) forward(line);
  if (error || code !== 0 && command !== 'check') return { path, doc: null, error: error ?? { code: 'INTERNAL', message: `The run ended with exit code ${code}.` }, code };
  const { version: _v, ...rest } = doc ?? {};
  return { path, doc: rest, error: null, code };
}

const described = (base: CliBase, revisions: unknown) => describeRevisions(base.project, (revisions as string[] | undefined) ?? []);

/** One line per project, on stdout: what became of it. */
function projectLine(base: CliBase, command: Command, r: ProjectResult): string {
  const path = printedPath(r.path);
  if (r.error) return `${path}: ${r.error.code === 'CANCELLED' ? 'stopped' : 'failed'}: ${errorSentence(r.error.message)}`;
  const doc = r.doc!;
  if (command === 'current') return `${path}: ${((doc.revisions as string[]) ?? []).join(', ') || 'none (base)'}`;
  if (command === 'check') {
    return doc.atHead
      ? `${path}: up to date (${described(base, doc.revisions)})`
      : `${path}: needs upgrade (at ${described(base, doc.revisions)}; the head is ${described(base, doc.heads)})`;
  }
  const steps = (doc.steps as unknown[]).length;
  const output = doc.output as string | null;
  if (!steps) return `${path}: already at ${described(base, doc.to)}; ${output ? `wrote ${printedPath(output)}` : 'nothing written'}`;
  return `${path}: upgraded from ${described(base, doc.from)} to ${described(base, doc.to)} in ${steps} step(s); wrote ${printedPath(output ?? '')}`;
}

/** What the run itself wanted said (in its --json document): on stderr, naming the project. */
function projectNotes(base: CliBase, r: ProjectResult): void {
  const finished = r.doc?.finished as { warnings?: string[] } | undefined;
  for (const line of warningLines(finished?.warnings ?? [], `${printedPath(r.path)}: `)) base.err(line);
  for (const note of (r.doc?.notes as string[] | undefined) ?? []) base.err(`note: ${printedPath(r.path)}: ${note}`);
}

function listed(paths: readonly string[]): string {
  const shown = paths.slice(0, 5).map(printedPath).join(', ');
  return paths.length > 5 ? `${shown} and ${paths.length - 5} more` : shown;
}

const PAST: Record<Command, string> = { upgrade: 'upgraded', check: 'up to date', current: 'read' };
const ING: Record<Command, string> = { upgrade: 'upgrading', check: 'checking', current: 'reading' };

/** `stop`: where a signal stopped the command, in words, and the run it stopped, if any. */
interface Stop {
  readonly words: string;
  readonly result: ProjectResult | null;
}

function summary(command: Command, results: readonly ProjectResult[], total: number, stop: Stop | null): string {
  const failed = results.filter((r) => r.error && r !== stop?.result).map((r) => r.path);
  const behind = command === 'check' ? results.filter((r) => r.doc && !r.doc.atHead).map((r) => r.path) : [];
  const good = results.filter((r) => r.doc).length - behind.length;
  const upToDate = command === 'upgrade' ? results.filter((r) => r.doc && !(r.doc.steps as unknown[]).length).length : 0;
  const parts = [
    `${good} of ${total} project${total === 1 ? '' : 's'} ${PAST[command]}${upToDate ? ` (${upToDate} of them up to date already)` : ''}`,
    ...(behind.length ? [`${behind.length} need${behind.length === 1 ? 's' : ''} upgrade: ${listed(behind)}`] : []),
    ...(failed.length ? [`${failed.length} failed: ${listed(failed)}`] : []),
  ];
  if (stop) {
    const notStarted = total - results.length;
    parts.push(`${stop.words}${notStarted ? `; ${notStarted} not started` : ''}`);
  }
  return `${parts.join('; ')}.`;
}

export async function several(
  base: CliBase,
  command: string,
  paths: readonly string[],
  values: Readonly<Record<string, string | boolean | undefined>>,
  runOne: OneRun,
  progress: boolean,
): Promise<number> {
  const which = command as Command;
  const options = optionArgs(values);
  // A sentence every run would repeat (the note that sql.js runs) is said once.
  const said = new Set<string>();
  const forward = (line: string) => {
    if (!said.has(line)) base.err(line);
    said.add(line);
  };
  const results: ProjectResult[] = [];
  let reported = false;
  /** The summary, once: at the end, or as soon as a signal stops a run (the process may end then). */
  const report = (stopped: Stop | null): void => {
    if (reported) return;
    reported = true;
    if (!base.json) {
      base.out(summary(which, results, paths.length, stopped));
      return;
    }
    const projects = results.map((r) => ({ path: r.path, error: r.error, ...r.doc }));
    base.out(JSON.stringify({ version: VERSION, command: which, projects, notStarted: paths.slice(results.length), summary: summary(which, results, paths.length, stopped) }, null, 2));
  };
  const add = (result: ProjectResult) => {
    results.push(result);
    if (base.json) return;
    base.out(projectLine(base, which, result));
    projectNotes(base, result);
  };
  // A signal between two runs (no run's own handler is listening then) stops before the next.
  let between: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => void (between ??= signal);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  try {
    return await runAll();
  } finally {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }

  async function runAll(): Promise<number> {
    for (const [i, path] of paths.entries()) {
      if (between) {
        report({ words: `stopped by ${between} before ${printedPath(path)}`, result: null });
        return EXIT_CODES[between] ?? 130;
      }
      if (progress && !base.json) base.err(`${ING[which]} ${i + 1} of ${paths.length}: ${printedPath(path)}`);
      // Ctrl-C or SIGTERM stopped that run (its project is unchanged): the command stops too,
      // and says where it stopped before the signal may end the process (worker-run.ts).
      const stop = (error: MigrateError) => {
        const stopped = { path, doc: null, error: { code: error.code, message: error.message }, code: 130 };
        add(stopped);
        report({ words: `stopped during ${printedPath(path)}, which is unchanged`, result: stopped });
      };
      const result = await runProject(which, path, options, runOne, forward, stop);
      if (reported) return result.code;
      add(result);
    }
    report(null);
    const failed = results.some((r) => r.error);
    const behind = results.some((r) => r.doc && which === 'check' && !r.doc.atHead);
    return failed ? 2 : behind ? 1 : 0;
  }
}
