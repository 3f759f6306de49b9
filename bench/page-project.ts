/**
 * The whole project in the page (5p): the project folder chosen through "Open project
 * folder" in headless Chromium, Upgrade pressed, the zip downloaded, as people use it. Each
 * run gets a fresh browser profile on disk: a profile off the record (Playwright's
 * newContext) keeps the origin private file system, where the page stages the files a
 * project run writes (src/worker/run-staging.ts), in the browser process's memory, which is
 * not what users get. Time and peak memory (PSS of every Chromium process, memory.ts) are
 * taken for the run (chosen -> "ready") and for the zip (click -> download complete) apart.
 */
import { chromium, type Worker } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { fingerprint } from './fingerprint.ts';
import { MemorySampler } from './memory.ts';
import type { LoadWatch } from './load.ts';
import { WORKER_MARKS, type PageBench } from './page-run.ts';
import { filesOf, runCliProject } from './project-run.ts';
import type { PageProjectResult } from './report.ts';
import { median } from './stats.ts';
import { traceWorkerHeap } from './worker-heap.ts';

const DATA_DIR = '.entropy';
const DATABASE = `${DATA_DIR}/entropy.db`;

export interface PageProjectRun {
  readonly runMs: number;
  readonly zipMs: number;
  readonly baselineBytes: number;
  readonly runPeakBytes: number;
  readonly zipPeakBytes: number;
}

/** What the page's zip holds: its files (paths in the project), and its database's fingerprint. */
export interface ZipContents {
  readonly files: readonly string[];
  readonly database: string;
}

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const LONG = 1_800_000;
/**
 * How often memory is sampled: less often than for a database run (50 ms). Reading every
 * Chromium process's smaps_rollup walks its whole address space; every 50 ms through a run of
 * a minute or more, that kept 80% of a core busy in the bench's own process, beside the page
 * it measures. The peaks of a project run last seconds.
 */
const SAMPLE_MS = 500;

/**
 * With BENCH_MEMORY_TRACE, the worker's marks (src/worker/timeline.ts) go to stderr beside
 * the memory samples (memory.ts), on the same clock: `mark <ms> <name>`.
 */
async function traceWorkerMarks(worker: Worker): Promise<void> {
  const marks = (await worker.evaluate(WORKER_MARKS)) as { name: string; at: number }[];
  for (const { name, at } of marks) process.stderr.write(`mark ${(at - performance.timeOrigin).toFixed(0)} ${name}\n`);
}

/**
 * One run on `folder` in the site served at `origin`; the zip is saved at `saveTo`.
 * `withoutOpfs` takes OPFS away from the worker: the in-memory path of browsers without it.
 */
export async function runPageProject(origin: string, folder: string, saveTo: string, withoutOpfs = false): Promise<PageProjectRun> {
  const profile = mkdtempSync('/var/tmp/entropy-bench-profile-');
  const context = await chromium.launchPersistentContext(profile, { acceptDownloads: true, executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
  try {
    const page = await context.newPage();
    const workerStarted = page.waitForEvent('worker');
    const started = withoutOpfs ? workerStarted : null;
    await page.goto(origin);
    const stopHeapTrace = process.env.BENCH_HEAP_TRACE ? await traceWorkerHeap(page) : null;
    if (started) await (await started).evaluate(() => Object.defineProperty(StorageManager.prototype, 'getDirectory', { value: undefined }));
    await page.getByLabel('Open project folder').waitFor();
    // As for a database (page-run.ts): people choose a folder once the page has settled.
    await page.evaluate(`navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : true`);
    await page.waitForTimeout(1000);
    const memory = new MemorySampler();
    const baselineBytes = memory.sample();
    memory.start(SAMPLE_MS);
    const t0 = performance.now();
    await page.getByLabel('Open project folder').setInputFiles(folder);
    const alert = page.getByRole('alert');
    const refused = alert.waitFor({ timeout: LONG }).then(async () => {
      throw new Error(`the page refused the project: ${await alert.innerText()}`);
    });
    refused.catch(() => undefined);
    const upgrade = page.getByRole('button', { name: 'Upgrade', exact: true });
    await Promise.race([upgrade.waitFor({ timeout: LONG }), refused]);
    await upgrade.click();
    await Promise.race([page.getByRole('heading', { name: 'Your upgraded project is ready' }).waitFor({ timeout: LONG }), refused]);
    const t1 = performance.now();
    const runPeakBytes = memory.stop();
    await stopHeapTrace?.();
    if (process.env.BENCH_MEMORY_TRACE) await traceWorkerMarks(await workerStarted);
    memory.start(SAMPLE_MS);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: LONG }), page.getByRole('button', { name: 'Download upgraded project (.zip)' }).click()]);
    rmSync(saveTo, { force: true });
    await download.saveAs(saveTo);
    const t2 = performance.now();
    const zipPeakBytes = memory.stop();
    return { runMs: t1 - t0, zipMs: t2 - t1, baselineBytes, runPeakBytes, zipPeakBytes };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The zip's file list and its database's fingerprint (the database is written out to `scratch` for sqlite3). */
export async function zipContents(zip: string, databasePath: string, scratch: string): Promise<ZipContents> {
  const entries = unzipSync(new Uint8Array(await readFile(zip)));
  const database = entries[databasePath];
  if (!database) throw new Error(`the page's zip has no ${databasePath}`);
  writeFileSync(scratch, database);
  try {
    return { files: Object.keys(entries).filter((p) => !p.endsWith('/')).sort(), database: await fingerprint(scratch) };
  } finally {
    rmSync(scratch, { force: true });
  }
}

/**
 * The page's whole-project row: `runs` runs on fresh profiles, the last zip checked against
 * the CLI's upgrade of the same folder (its database and its files; `folders.cli` is made
 * when the CLI's project row did not run). The folders are left for the caller to remove.
 */
export async function benchPageProject(
  page: PageBench,
  template: string,
  folders: { readonly cli: string; readonly zip: string; readonly scratch: string },
  runs: number,
  load: LoadWatch,
  log: (line: string) => void,
): Promise<PageProjectResult> {
  const done: PageProjectRun[] = [];
  for (let round = 0; round < runs; round++) {
    const run = await page.runProject(template, folders.zip);
    load.sample();
    done.push(run);
    log(`page project round ${round}: run ${(run.runMs / 1000).toFixed(1)} s, peak ${(run.runPeakBytes / 1e6).toFixed(0)} MB; zip ${(run.zipMs / 1000).toFixed(1)} s, peak ${(run.zipPeakBytes / 1e6).toFixed(0)} MB`);
  }
  if (!existsSync(folders.cli)) await runCliProject(template, folders.cli);
  const zip = await zipContents(folders.zip, DATABASE, folders.scratch);
  // The zip holds the data folder only, and none of the CLI's backups for `restore`.
  const cliFiles = filesOf(folders.cli).filter((p) => p.startsWith(`${DATA_DIR}/`));
  return {
    runMs: done.map((r) => r.runMs),
    zipMs: done.map((r) => r.zipMs),
    baselineBytes: median(done.map((r) => r.baselineBytes)),
    runPeakBytes: Math.max(...done.map((r) => r.runPeakBytes)),
    zipPeakBytes: Math.max(...done.map((r) => r.zipPeakBytes)),
    files: zip.files.length,
    sameFiles: zip.files.join('\n') === cliFiles.join('\n'),
    databaseEqual: zip.database === (await fingerprint(join(folders.cli, DATABASE))),
  };
}
