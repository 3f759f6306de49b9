/** upgrade / downgrade: run the chain on a copy and write the result beside the input. */
import type { Direction, RunOutcome } from '../../engine/index.ts';
import type { CliContext, CliOptions, ExitCode } from '../context.ts';
import { printSteps, runInJson } from '../report-steps.ts';
import { describeRevisions } from '../describe.ts';
import { UsageError } from '../errors.ts';
import { resolveDatabase } from '../files.ts';
import { bareDatabaseAsProject, projectInFolder } from '../project-input.ts';
import { migrateProject } from './project.ts';
import { basename, dirname, join, resolve } from 'node:path';
import { printedPath, sentenceLine } from '../terminal.ts';
import { migrateFile } from '../file-run.ts';
import { VERSION } from '../version.ts';

function report(ctx: CliContext, input: string, output: string | null, outcome: RunOutcome): void {
  const { result } = outcome;
  if (ctx.json) {
    ctx.out(JSON.stringify({
      version: VERSION,
      command: result.direction,
      input,
      output,
      ...runInJson(outcome),
    }, null, 2));
    return;
  }
  if (!result.steps.length) {
    const wrote = output ? ` Wrote an identical copy to ${printedPath(output)}.` : ' Nothing written.';
    ctx.out(`${printedPath(input)} is already at ${describeRevisions(ctx.project, result.to)}; nothing to run.${wrote}`);
    return;
  }
  printSteps(ctx, result);
  for (const note of outcome.notes) ctx.err(`note: ${sentenceLine(note)}`);
  ctx.out(
    `${result.direction === 'upgrade' ? 'Upgraded' : 'Downgraded'} ${printedPath(input)} from ${describeRevisions(ctx.project, result.from)} to ${describeRevisions(ctx.project, result.to)} in ${result.steps.length} step(s); integrity and foreign-key checks passed. Wrote ${printedPath(output ?? '')}.`,
  );
}

export async function migrate(ctx: CliContext, direction: Direction, positionals: string[], options: CliOptions): Promise<ExitCode> {
  const [path, ...extra] = positionals;
  if (!path || extra.length) throw new UsageError(`${direction} takes one database file or project folder.`);
  if (direction === 'downgrade' && !options.to) throw new UsageError('downgrade needs --to REV (a revision, "base", or "-1").');
  if (options['db-only'] && options.project) throw new UsageError('--db-only and --project cannot be used together.');
  const input = resolveDatabase(path, ctx.project);
  if (input !== path && !options['db-only']) return migrateProject(ctx, direction, await projectInFolder(ctx, path), options);
  if (input === path && options.project) {
    const companions = ctx.project.layout.companionsOfBareDatabase?.(basename(path)) ?? {};
    const beside = Object.fromEntries(Object.entries(companions).map(([inFolder, sibling]) => [inFolder, join(dirname(path), sibling)]));
    return migrateProject(ctx, direction, bareDatabaseAsProject(ctx, path, beside), options);
  }
  return migrateDatabase(ctx, direction, input, path !== input ? path : null, options);
}

/** The project folder a database sits in, by the project's layout; null when it sits alone. */
function projectFolderOf(ctx: CliContext, database: string): string | null {
  const parts = ctx.project.layout.database.split('/');
  let dir = resolve(database);
  for (const part of [...parts].reverse()) {
    if (basename(dir) !== part) return null;
    dir = dirname(dir);
  }
  return dir;
}

/** The database alone (a .db path, or --db-only on a folder): what the CLI did before projects. */
async function migrateDatabase(ctx: CliContext, direction: Direction, input: string, folder: string | null, options: CliOptions): Promise<ExitCode> {
  const gate = ctx.watchStops();
  try {
    const { output, ...outcome } = await migrateFile(ctx, { ...options, input, direction, target: options.to, beforeWrite: () => gate.enterWrite() });
    report(ctx, input, output, outcome);
    if (outcome.leftUndone.length) {
      const instead = folder ?? projectFolderOf(ctx, input);
      const how = instead ? `"entropy-migrate upgrade ${instead}"` : `"entropy-migrate upgrade ${input} --project"`;
      ctx.err(`note: ${sentenceLine(outcome.leftUndone.join(' '))} To have that done as ${ctx.project.name}'s own upgrade does it, upgrade the whole project instead: ${how} on the original files.`);
    }
    return 0;
  } finally {
    gate.close();
  }
}
