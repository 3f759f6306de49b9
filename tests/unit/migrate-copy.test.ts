/**
 * migrateCopy runs on a copy that was opened and inspected first (the page shows the plan
 * from the same copy the run then upgrades): the result must be what migrateBytes makes from
 * the file, the copy must be closed afterwards, and a failure must still be told apart from
 * damage by checking the untouched input.
 */
import { describe, expect, it } from 'vitest';
import { inspectDb, migrateBytes, migrateCopy, openCopy, StepFailedError } from '../../src/engine/index.ts';
import { nodeWithoutStartDb } from '../../migrations/builders/damage.ts';
import { build, entropy, open, snap } from '../support/db.ts';

describe('migrateCopy', () => {
  const input = build('04ae19b32c08', { experiments: 6, rowsPerExperiment: 4, seed: 11 });

  it('upgrades an inspected copy to the same database migrateBytes makes, and closes the copy', () => {
    const copy = openCopy(open, input, entropy);
    const inspection = inspectDb(copy.db, entropy, input.length, copy.notes);
    expect(inspection.plan.steps.length).toBeGreaterThan(0);
    let untouchedAsked = 0;
    const outcome = migrateCopy(open, copy, () => (untouchedAsked++, input), entropy, { direction: 'upgrade' });
    expect(outcome.result.to).toEqual(entropy.chain.heads);
    expect(outcome.before).toEqual(inspection.tables);
    expect(snap(outcome.bytes)).toEqual(snap(migrateBytes(open, input, entropy, { direction: 'upgrade' }).bytes));
    // The untouched input is only for telling a failure from damage.
    expect(untouchedAsked).toBe(0);
    expect(() => copy.db.query('SELECT 1')).toThrow();
  });

  it('on a failing step, asks for the untouched input and still names the step', () => {
    const broken = nodeWithoutStartDb(open, build('pre-alembic'));
    const copy = openCopy(open, broken, entropy);
    let untouchedAsked = 0;
    const error = (() => {
      try {
        migrateCopy(open, copy, () => (untouchedAsked++, broken), entropy, { direction: 'upgrade' });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(StepFailedError);
    expect(untouchedAsked).toBe(1);
    expect(() => copy.db.query('SELECT 1')).toThrow();
  });
});
