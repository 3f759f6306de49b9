/**
 * Runs seeded mutations of a healthy Entropy database through the engine, each in a worker
 * thread under a time limit, and collects what happened. Shared by the vitest suite (a fixed
 * few hundred seeds) and `npm run fuzz` (as many as asked).
 */
import { Worker } from 'node:worker_threads';
import { FAILURES, type CaseRequest, type CaseResult } from './protocol.ts';

export interface FuzzOptions {
  readonly runs: number;
  readonly firstSeed?: number;
  /** Per case; a case that takes longer is a hang. */
  readonly timeoutMs?: number;
  readonly threads?: number;
  /** Harness self-test: seeds whose thread is blocked this long before the case runs. */
  readonly stall?: ReadonlyMap<number, number>;
  readonly onResult?: (result: CaseResult) => void;
}

export interface FuzzReport {
  readonly results: readonly CaseResult[];
  readonly failures: readonly CaseResult[];
  readonly ms: number;
}

const BOOT = new URL('./boot.mjs', import.meta.url);
// tsx would otherwise keep its compile cache in $TMPDIR/tsx-<uid> after the run.
const WORKER_ENV = { ...process.env, TSX_DISABLE_CACHE: '1' };

/** One thread that takes cases one at a time; replaced when a case hangs or kills it. */
class CaseThread {
  private worker!: Worker;
  private ready!: Promise<void>;

  constructor() {
    this.start();
  }

  private start(): void {
    this.worker = new Worker(BOOT, { env: WORKER_ENV });
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', () => resolve());
      this.worker.once('error', reject);
    });
  }

  async run(request: CaseRequest, timeoutMs: number): Promise<CaseResult> {
    await this.ready;
    const started = performance.now();
    const worker = this.worker;
    const result = await new Promise<CaseResult>((resolve) => {
      const done = (r: CaseResult) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        resolve(r);
      };
      const elapsed = () => performance.now() - started;
      const onMessage = (r: CaseResult) => done(r);
      const onError = (e: Error) => done({ seed: request.seed, outcome: 'crashed', message: `${e.name}: ${e.message}`, ms: elapsed() });
      const onExit = (code: number) => done({ seed: request.seed, outcome: 'crashed', message: `the thread exited with code ${code}`, ms: elapsed() });
      const timer = setTimeout(() => done({ seed: request.seed, outcome: 'timeout', message: `no answer within ${timeoutMs} ms`, ms: elapsed() }), timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(request);
    });
    if (result.outcome === 'timeout' || result.outcome === 'crashed') {
      await worker.terminate();
      this.start();
    }
    return result;
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const first = options.firstSeed ?? 0;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const threads = Array.from({ length: Math.max(1, options.threads ?? 2) }, () => new CaseThread());
  const results: CaseResult[] = [];
  let next = 0;
  try {
    await Promise.all(
      threads.map(async (thread) => {
        while (next < options.runs) {
          const seed = first + next++;
          const stallMs = options.stall?.get(seed);
          const result = await thread.run({ seed, ...(stallMs ? { stallMs } : {}) }, timeoutMs);
          results.push(result);
          options.onResult?.(result);
        }
      }),
    );
  } finally {
    await Promise.all(threads.map((t) => t.stop()));
  }
  results.sort((a, b) => a.seed - b.seed);
  return { results, failures: results.filter((r) => FAILURES.includes(r.outcome)), ms: performance.now() - started };
}

/** One line for people: how many of each outcome, by code, and the slowest case. */
export function summary(report: FuzzReport, firstSeed = 0): string {
  const tally = new Map<string, number>();
  for (const r of report.results) {
    const key = r.outcome === 'refused' ? `refused ${r.code}` : r.outcome;
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
  const parts = [...tally].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`);
  const slowest = report.results.reduce((a, b) => (b.ms > a.ms ? b : a), report.results[0]!);
  const peak = Math.max(0, ...report.results.map((r) => r.arrayBuffers ?? 0));
  return (
    `fuzz: ${report.results.length} cases (seeds ${firstSeed}..${firstSeed + report.results.length - 1}) in ${(report.ms / 1000).toFixed(1)} s: ` +
    `${parts.join(', ')}; ${report.failures.length} failures; slowest case ${slowest.ms.toFixed(0)} ms (seed ${slowest.seed}, ${slowest.description ?? slowest.outcome}); ` +
    `peak ArrayBuffer memory ${(peak / 2 ** 20).toFixed(0)} MB`
  );
}
