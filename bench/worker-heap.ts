/**
 * The page's worker heap through the DevTools protocol, beside the memory samples
 * (BENCH_HEAP_TRACE=1 in bench/page-project-memory.ts): `heap <ms> <js MiB> <buffers MiB>`
 * on stderr, on the same clock as `mem` and `mark`. It split the page's run peak into what
 * JavaScript objects hold (10 to 30 MB) and what array buffers hold (what climbed, and what
 * only a full collection returned: bench/results.md). Runtime.getHeapUsage is answered while
 * the worker runs; most other commands wait until it is idle, so only that one is sent.
 */
import type { Page } from '@playwright/test';

const MIB = 2 ** 20;

/** Starts tracing the first dedicated worker `page` starts; the returned function stops it. */
export async function traceWorkerHeap(page: Page, everyMs = 500): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  let session: string | null = null;
  let next = 1;
  const answers = new Map<number, (result: unknown) => void>();
  cdp.on('Target.attachedToTarget', (event) => {
    if (event.targetInfo.type === 'worker') session ??= event.sessionId;
  });
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message) as { id?: number; result?: unknown };
    if (message.id === undefined) return;
    answers.get(message.id)?.(message.result);
    answers.delete(message.id);
  });
  // Not flattened: the worker's session is reached through the page's, as Playwright holds its own.
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const heapUsage = (sessionId: string) =>
    new Promise<{ usedSize: number; backingStorageSize?: number }>((resolve) => {
      const id = next++;
      answers.set(id, resolve as (result: unknown) => void);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) });
    });
  let stopped = false;
  const polling = (async () => {
    while (!stopped) {
      if (session) {
        const usage = await heapUsage(session);
        process.stderr.write(`heap ${performance.now().toFixed(0)} ${(usage.usedSize / MIB).toFixed(0)} ${((usage.backingStorageSize ?? 0) / MIB).toFixed(0)}\n`);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return async () => {
    stopped = true;
    await polling;
    await cdp.detach();
  };
}
