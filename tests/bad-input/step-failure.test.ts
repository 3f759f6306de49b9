/**
 * Atomicity: a revision that fails mid-chain, after two revisions have already run on the
 * private copy, must leave nothing behind but a sentence naming the revision and statement.
 */
import { describe, expect, it } from 'vitest';
import { migrateBytes, StepFailedError, type ProgressEvent } from '../../src/engine/index.ts';
import { migrations } from '../../migrations/index.ts';
import { open } from '../support/db.ts';
import { oldDb } from './cases.ts';
import { AFTER, failingRevision, FAILING_STATEMENT, INJECTED, spliced } from './injected-chain.ts';
import { firstDifference } from './bytes.ts';

describe('a step that fails mid-run', () => {
  const { chain, project } = spliced(migrations, failingRevision);

  it('is spliced where it should be', () => {
    expect(chain.ordered.map((s) => s.revision).slice(2, 6)).toEqual(['f1ada2484fe2', AFTER, INJECTED, '06140c96c8c4']);
  });

  it('names the revision and the statement, returns nothing, and leaves the input byte-identical', () => {
    const bytes = oldDb();
    const before = bytes.slice();
    const events: string[] = [];
    let error: unknown;
    let outcome: unknown;
    try {
      outcome = migrateBytes(open, bytes, project, {
        direction: 'upgrade',
        onProgress: (e: ProgressEvent) => {
          if (e.kind !== 'phase') events.push(`${e.kind}:${e.kind === 'step-start' ? e.step.revision : e.result.revision}`);
        },
      });
    } catch (e) {
      error = e;
    }
    expect(outcome).toBeUndefined();
    expect(error).toBeInstanceOf(StepFailedError);
    const failed = error as StepFailedError;
    expect(failed.code).toBe('STEP_FAILED');
    expect(failed.revision).toBe(INJECTED);
    expect(failed.statement).toBe(FAILING_STATEMENT);
    expect(failed.message).toBe(`The upgrade step ${INJECTED} failed at "${FAILING_STATEMENT}": no such column: no_such_column. Nothing was written.`);
    // Where every planned step ended, as Kysely's Migrator reports it.
    const statuses = failed.steps.map((s) => `${s.revision}:${s.status}`);
    expect(statuses.slice(0, 4)).toEqual([`f1ada2484fe2:applied`, `${AFTER}:applied`, `${INJECTED}:failed`, '06140c96c8c4:not-run']);
    expect(failed.steps.filter((s) => s.status === 'not-run')).toHaveLength(chain.ordered.length - 5);
    expect(failed.steps.every((s) => s.direction === 'upgrade')).toBe(true);
    // Two revisions really ran on the copy before the failure: atomicity is about the whole run.
    expect(events).toEqual([`step-start:f1ada2484fe2`, `step-done:f1ada2484fe2`, `step-start:${AFTER}`, `step-done:${AFTER}`, `step-start:${INJECTED}`]);
    expect(firstDifference(bytes, before)).toBeNull();
  });

  it('runs through when the same revision does not fail (the splice itself is sound)', () => {
    const { project: passing } = spliced(migrations, { ...failingRevision, upgrade: (op) => op.execute('CREATE TABLE "InjectedMarker" (id INTEGER PRIMARY KEY)') });
    const outcome = migrateBytes(open, oldDb(), passing, { direction: 'upgrade' });
    expect(outcome.result.steps.map((s) => s.revision)).toContain(INJECTED);
    expect(outcome.checks.integrity).toBe('ok');
  });
});
