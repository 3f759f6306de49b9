/** How the CLI prints a run's steps, one line each with its notes below. */
import { sentenceLine } from './terminal.ts';
import type { RunResult } from '../engine/index.ts';
import type { CliBase } from './context.ts';

export function printSteps(ctx: CliBase, result: RunResult): void {
  for (const step of result.steps) {
    ctx.out(`  ${step.direction === 'upgrade' ? '↑' : '↓'} ${step.revision}  ${sentenceLine(step.message)}  (${step.durationMs.toFixed(0)} ms, ${step.rowsChanged} rows changed)`);
    for (const note of step.notes) ctx.out(`      note: ${sentenceLine(note)}`);
  }
}
