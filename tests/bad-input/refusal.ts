import { MigrateError } from '../../src/engine/index.ts';

/** The MigrateError `work` throws; anything else it throws, or a result, fails the test. */
export function refusal(work: () => unknown): MigrateError {
  let outcome: unknown;
  try {
    outcome = work();
  } catch (error) {
    if (error instanceof MigrateError) return error;
    throw error;
  }
  throw new Error(`expected a refusal, got ${JSON.stringify(Object.keys(outcome as object))}`);
}
