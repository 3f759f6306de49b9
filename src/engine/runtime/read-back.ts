/**
 * The run's read-back check: what its revisions and finishing work wrote into the project's
 * files and read back equal (ReadBackCount), gathered into the counts `checks.readBack`
 * reports and the sentence a receipt says. Every value written must have been read back:
 * a count short of what was written stops the run as a mismatch would.
 */
import { ReadBackError } from '../errors.ts';
import type { FinishingReport, ReadBackCount } from '../project/definition.ts';
import type { StepResult } from './runner.ts';

/**
 * The run's counts by kind, in the order first met. A kind several steps report (a file each
 * step rewrites) counts as the last step left it; finishing work comes after the steps.
 */
export function gatherReadBack(steps: readonly StepResult[], finished: FinishingReport): ReadBackCount[] {
  const byKind = new Map<string, ReadBackCount>();
  for (const count of [...steps.flatMap((s) => s.readBack ?? []), ...(finished.readBack ?? [])]) byKind.set(count.kind, count);
  const all = [...byKind.values()];
  const short = all.find((c) => c.equal !== c.written);
  if (short) {
    throw new ReadBackError('', `Only ${short.equal} of the ${short.written} ${short.noun[1]} written were read back and found equal`, { kind: short.kind });
  }
  return all;
}

/** --json's checks.readBack: kind -> how many were read back and found equal. */
export function readBackCounts(all: readonly ReadBackCount[]): Record<string, number> {
  return Object.fromEntries(all.map((c) => [c.kind, c.equal]));
}

export { readBackInWords } from '../words.ts';
