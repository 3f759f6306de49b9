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
