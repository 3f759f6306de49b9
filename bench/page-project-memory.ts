/**
 * Peak memory (PSS of every Chromium process, bench/memory.ts) of a whole-project upgrade
 * through the page, then of its zip; not part of `npm run bench`. NO_OPFS=1 takes OPFS away
 * from the worker: the in-memory path the page takes in browsers without it.
 *
 *   npx vite build && npx vite preview --port 4197 &
 *   npx tsx bench/page-project-memory.ts PROJECT-FOLDER http://127.0.0.1:4197/
 */
import { chromium } from '@playwright/test';
import { MemorySampler } from './memory.ts';
const [project, origin] = process.argv.slice(2);
if (!project || !origin) throw new Error('usage: page-project-memory.ts PROJECT-FOLDER ORIGIN');
const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
// A real profile (on disk): Playwright's newContext() is off the record, where Chromium keeps OPFS in the browser process's memory.
const { mkdtempSync, rmSync } = await import('node:fs');
const profile = mkdtempSync('/var/tmp/opfs-measure-profile-');
const context = await chromium.launchPersistentContext(profile, { acceptDownloads: true, executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const page = await context.newPage();
  const started = page.waitForEvent('worker');
  await page.goto(origin!);
  const worker = await started;
  if (process.env.NO_OPFS) await worker.evaluate(() => Object.defineProperty(StorageManager.prototype, 'getDirectory', { value: undefined }));
  await page.waitForTimeout(2000);
  const memory = new MemorySampler();
  const baseline = memory.sample();
  memory.start(50);
  const t0 = Date.now();
  await page.getByLabel('Open project folder').setInputFiles(project!);
  const alert = page.getByRole('alert');
  const upgrade = page.getByRole('button', { name: 'Upgrade', exact: true });
  await Promise.race([upgrade.waitFor({ timeout: 600_000 }), alert.waitFor({ timeout: 600_000 }).then(async () => { throw new Error(await alert.innerText()); })]);
  await upgrade.click();
  await page.getByRole('heading', { name: 'Your upgraded project is ready' }).waitFor({ timeout: 900_000 });
  const t1 = Date.now();
  const runPeak = memory.stop();
  memory.start(50);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 900_000 }), page.getByRole('button', { name: 'Download upgraded project (.zip)' }).click()]);
  const path = await download.path();
  const t2 = Date.now();
  const zipPeak = memory.stop();
  const staged = await page.evaluate(async () => {
    try {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('entropy-migrate-staging');
      const out: string[] = [];
      for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) out.push(name);
      return out;
    } catch { return []; }
  });
  const { statSync } = await import('node:fs');
  console.log(JSON.stringify({ mode: process.env.NO_OPFS ? 'memory' : 'opfs', baseline: mb(baseline), runPeak: mb(runPeak), zipPeak: mb(zipPeak), runS: (t1 - t0) / 1000, zipS: (t2 - t1) / 1000, zipSize: mb(statSync(path).size), staged }));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
