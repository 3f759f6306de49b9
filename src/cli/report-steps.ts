/** How the CLI tells a run's steps: one line each with its notes below, or as --json has them. */
import { sentenceLine } from './terminal.ts';
import type { RunOutcome, RunResult } from '../engine/index.ts';
import type { CliBase } from './context.ts';

/** What --json says of any run, a file's or a project's: where it went, each step (without its SQL), the checks. */
export function runInJson({ result, before, after, checks, notes }: RunOutcome) {
  return { from: result.from, to: result.to, steps: result.steps.map(({ statements: _s, ...step }) => step), before, after, checks, notes };
}

export function printSteps(ctx: CliBase, result: RunResult): void {
  for (const step of result.steps) {
    ctx.out(`  ${step.direction === 'upgrade' ? '↑' : '↓'} ${step.revision}  ${sentenceLine(step.message)}  (${step.durationMs.toFixed(0)} ms, ${step.rowsChanged} rows changed)`);
    for (const note of step.notes) ctx.out(`      note: ${sentenceLine(note)}`);
  }
}

/** Warnings printed one by one up to this many; a project's thousands would bury the run's own words. */
const SHOWN_WARNINGS = 20;

/** The warnings to print, each with `prefix`: the first ones, then how many more --json lists. */
export function warningLines(warnings: readonly string[], prefix = ''): string[] {
  const shown = warnings.slice(0, warnings.length > SHOWN_WARNINGS ? SHOWN_WARNINGS - 1 : SHOWN_WARNINGS);
  const lines = shown.map((warning) => `warning: ${prefix}${sentenceLine(warning)}`);
  const more = warnings.length - shown.length;
  if (more > 0) lines.push(`warning: ${prefix}${more.toLocaleString('en-US')} more warnings like these; --json lists them all.`);
  return lines;
}
