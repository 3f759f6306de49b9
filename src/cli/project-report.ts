/** How the CLI tells what a whole-project run did: the steps, the files, the checks, the backup. */
import { join } from 'node:path';
import { readBackInWords, type FileChange, type RunOutcome } from '../engine/index.ts';
import type { CliContext } from './context.ts';
import { describeRevisions } from './describe.ts';
import type { ProjectInput } from './project-input.ts';
import { printSteps, runInJson, warningLines } from './report-steps.ts';
import { printedPath, sentenceLine } from './terminal.ts';
import { VERSION } from './version.ts';

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

export function reportProjectRun(ctx: CliContext, input: ProjectInput, output: string | null, outcome: RunOutcome, backup: string | null): void {
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
      // Where the run kept a file's bytes is its own business: a file it wrote is 'write'.
      files: outcome.files.map((c) => ({ kind: c.kind === 'remove' ? 'remove' : 'write', path: c.path })),
      finished: outcome.finished,
      ...runInJson(outcome),
    }, null, 2));
    return;
  }
  printSteps(ctx, result);
  for (const sentence of outcome.finished.done) ctx.out(`  ✓ ${sentenceLine(sentence)}`);
  const readBack = readBackInWords(outcome.readBack);
  if (readBack) ctx.out(`  ✓ ${readBack[0]!.toUpperCase()}${readBack.slice(1)} before anything was written.`);
  for (const line of warningLines(outcome.finished.warnings)) ctx.err(line);
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
