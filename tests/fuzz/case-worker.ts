/**
 * Runs fuzz cases in a thread of its own, so that the harness can kill a case that hangs
 * (a synchronous sql.js call cannot be interrupted any other way). Builds the healthy
 * database once, then answers one message per case.
 */
import { parentPort } from 'node:worker_threads';
import { entropy } from '../../migrations/index.ts';
import { fuzzTarget, mutate } from '../../migrations/builders/damage.ts';
import { inspectBytes, MigrateError, migrateBytes, type Direction } from '../../src/engine/index.ts';
import { nodeOpener } from '../../src/sqljs/node.ts';
import type { CaseRequest, CaseResult } from './protocol.ts';

const open = await nodeOpener();
const healthy = fuzzTarget(open);

function untyped(error: unknown, stage: string): Pick<CaseResult, 'outcome' | 'message'> {
  const text = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  return { outcome: 'untyped', message: `${stage}: ${text}` };
}

/** A typed refusal must also be a sentence: one line, not empty. */
function refused(error: MigrateError): Pick<CaseResult, 'outcome' | 'message' | 'code'> {
  const sentence = error.message.length > 0 && !error.message.includes('\n');
  return { outcome: sentence ? 'refused' : 'untyped', code: error.code, message: error.message };
}

function runCase(seed: number): Omit<CaseResult, 'seed' | 'ms'> {
  const mutation = mutate(healthy, seed);
  const { bytes, kind, description } = mutation;
  const direction: Direction = seed % 5 === 4 ? 'downgrade' : 'upgrade';
  const base = { kind, description, direction };
  try {
    inspectBytes(open, bytes, entropy);
  } catch (error) {
    if (!(error instanceof MigrateError)) return { ...base, ...untyped(error, 'inspect') };
  }
  let output: Uint8Array;
  try {
    output = migrateBytes(open, bytes, entropy, { direction, target: direction === 'upgrade' ? 'heads' : 'base' }).bytes;
  } catch (error) {
    return { ...base, ...(error instanceof MigrateError ? refused(error) : untyped(error, direction)) };
  }
  try {
    const db = open(output);
    try {
      const verdict = db.query('PRAGMA integrity_check').map((r) => String(r.integrity_check));
      return verdict.join() === 'ok' ? { ...base, outcome: 'migrated' } : { ...base, outcome: 'bad-output', message: verdict.join('; ') };
    } finally {
      db.close();
    }
  } catch (error) {
    return { ...base, outcome: 'bad-output', message: `reopening the output: ${(error as Error).message}` };
  }
}

parentPort!.on('message', (request: CaseRequest) => {
  const started = performance.now();
  // Stands in for a hang: a synchronous wait nothing can interrupt but terminating the thread.
  if (request.stallMs) while (performance.now() - started < request.stallMs);
  const outcome = runCase(request.seed);
  const result: CaseResult = { seed: request.seed, ...outcome, ms: performance.now() - started, arrayBuffers: process.memoryUsage().arrayBuffers };
  parentPort!.postMessage(result);
});
parentPort!.postMessage('ready');
