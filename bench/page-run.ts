/**
 * The page as people use it: the built site (vite build + vite preview) in headless
 * Chromium, a file chosen through the file input, Upgrade pressed, the download link
 * awaited. Time is measured inside the page: from the input's change event to the Upgrade
 * button being ready, plus from the click to the download link, so Playwright's own
 * reaction time between the two is left out.
 */
import { chromium, type Browser, type Worker } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MemorySampler } from './memory.ts';
import { PROBE_SCRIPT, type ProbeResult } from './page-probe.ts';
import { runPageProject, type PageProjectRun } from './page-project.ts';
import { timed } from './proc.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PORT = 4193;
const ORIGIN = `http://127.0.0.1:${PORT}/`;

export interface PageRun {
  /** inspect (chosen -> ready) + run (clicked -> download link). */
  readonly ms: number;
  readonly inspectMs: number;
  readonly runMs: number;
  readonly baselineBytes: number;
  readonly peakBytes: number;
  /** Longest 'longtask' entry during the run, or 0 if none (none is under 50 ms). */
  readonly longestTaskMs: number;
  /** Longest gap between 10 ms timer ticks on the page's main thread during the run. */
  readonly longestGapMs: number;
  /**
   * The page's marks and the worker's (src/worker/api.ts), in time order: each with the
   * milliseconds since the one before, so a phase's time is on the mark that ends it.
   */
  readonly phases: readonly Phase[];
}

export interface Phase {
  readonly name: string;
  readonly ms: number;
}

/** The worker's performance marks, on the clock of the page's (absolute) time origin. */
export const WORKER_MARKS = `performance.getEntriesByType('mark').filter((m) => m.name.startsWith('worker:')).map((m) => ({ name: m.name.slice(7), at: performance.timeOrigin + m.startTime }))`;

async function timeline(marks: Record<string, number>, pageOrigin: number, worker: Worker | null): Promise<Phase[]> {
  const points = Object.entries(marks).map(([name, t]) => ({ name: `page ${name}`, at: pageOrigin + t }));
  if (worker) points.push(...((await worker.evaluate(WORKER_MARKS)) as { name: string; at: number }[]));
  points.sort((a, b) => a.at - b.at);
  return points.map((p, i) => ({ name: p.name, ms: i ? p.at - points[i - 1]!.at : 0 }));
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(ORIGIN)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`vite preview did not start on ${ORIGIN}`);
}

export class PageBench {
  private constructor(
    private readonly server: ChildProcess,
    private readonly browser: Browser,
  ) {}

  static async start(): Promise<PageBench> {
    await timed('npx', ['vite', 'build', '--logLevel', 'warn'], { env: { ...process.env, FORCE_COLOR: '0' } });
    const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], { cwd: ROOT, stdio: 'ignore', detached: true });
    await waitForServer();
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
    });
    return new PageBench(server, browser);
  }

  /** One upgrade in a fresh browser context; saves the download to `saveTo` if given. */
  async run(input: string, saveTo?: string): Promise<PageRun> {
    const context = await this.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      let worker: Worker | null = null;
      page.on('worker', (w) => (worker = w));
      if (process.env.BENCH_DEBUG) page.on('console', (m) => process.stderr.write(`  ${m.text()}\n`));
      await page.addInitScript({ content: PROBE_SCRIPT });
      await page.goto(ORIGIN);
      await page.getByLabel('Open database').waitFor();
      // People choose a file seconds after the page loads, when it has settled: by then its
      // service worker has cached the site (a few MB, on the same two cores) and its worker
      // has started. Choosing at once timed that start-up as part of reading the file.
      await page.evaluate(`navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : true`);
      await page.waitForTimeout(1000);
      const memory = new MemorySampler();
      const baselineBytes = memory.sample();
      memory.start(50);
      if (process.env.BENCH_TRACE) await this.browser.startTracing(page, { path: process.env.BENCH_TRACE, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'v8.execute', 'disabled-by-default-v8.gc'] });
      await page.getByLabel('Open database').setInputFiles(input);
      const upgrade = page.getByRole('button', { name: 'Upgrade', exact: true });
      // A refusal (an alert) ends the run at once instead of after the timeout.
      const alert = page.getByRole('alert');
      const refused = alert.waitFor({ timeout: 600_000 }).then(async () => {
        throw new Error(`the page refused the file: ${await alert.innerText()}`);
      });
      refused.catch(() => undefined);
      await Promise.race([upgrade.waitFor({ timeout: 600_000 }), refused]);
      await upgrade.click();
      // A database opened alone: the page asks whether to leave the project's files undone.
      const alone = page.getByRole('dialog').getByRole('button', { name: 'Upgrade the database alone' });
      if (await alone.count()) await alone.click();
      const link = page.getByRole('link', { name: 'Download upgraded database' });
      await link.waitFor({ timeout: 600_000 });
      const peakBytes = memory.stop();
      if (process.env.BENCH_TRACE) await this.browser.stopTracing();
      const probe = (await page.evaluate('window.__benchProbe')) as ProbeResult;
      const { chosen, ready, clicked, done } = probe.marks;
      if (chosen === undefined || ready === undefined || clicked === undefined || done === undefined) {
        throw new Error(`the page probe missed a mark: ${JSON.stringify(probe.marks)}`);
      }
      const during = (t: number) => t >= chosen && t <= done;
      const longestTaskMs = Math.max(0, ...probe.longtasks.filter((t) => during(t.start)).map((t) => t.duration));
      const longestGapMs = Math.max(0, ...probe.gaps.filter((g) => during(g.end)).map((g) => g.gap));
      if (saveTo) {
        rmSync(saveTo, { force: true });
        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        await download.saveAs(saveTo);
      }
      if (process.env.BENCH_DEBUG) {
        const at = (t: number) => `${(t - chosen).toFixed(0)}`;
        process.stderr.write(`marks ready ${at(ready)} clicked ${at(clicked)} done ${at(done)}; longtasks ${probe.longtasks.map((t) => `${at(t.start)}+${t.duration.toFixed(0)}`).join(' ')}; gaps ${probe.gaps.map((g) => `${at(g.end)}:${g.gap.toFixed(0)}`).join(' ')}\n`);
      }
      const phases = await timeline({ chosen, ready, clicked, done }, (await page.evaluate('performance.timeOrigin')) as number, worker);
      if (process.env.BENCH_DEBUG) process.stderr.write(`phases ${phases.map((p) => `${p.name} +${p.ms.toFixed(0)}`).join(', ')}\n`);
      const inspectMs = ready - chosen;
      const runMs = done - clicked;
      return { ms: inspectMs + runMs, inspectMs, runMs, baselineBytes, peakBytes, longestTaskMs, longestGapMs, phases };
    } finally {
      await context.close();
    }
  }

  /** One whole-project run on `folder` (page-project.ts), its zip saved at `saveTo`. */
  runProject(folder: string, saveTo: string): Promise<PageProjectRun> {
    return runPageProject(ORIGIN, folder, saveTo);
  }

  async close(): Promise<void> {
    await this.browser.close();
    if (this.server.pid) process.kill(-this.server.pid);
  }
}
