import { builtDb, chain, count, downloadedBytes, expect, HEAD, openBytes, test, clickUpgrade } from './fixtures.ts';
import { readVersions } from '../../src/engine/index.ts';

test('cancel stops a run on a large file and leaves the page ready to run again', async ({ page }) => {
  // Building and reading ~290 MB twice took up to 58 s of the 60 s on a shared, busy machine.
  test.slow();
  // About 290 MB with nothing to delete, so VACUUM, the checks and the export take over a
  // second even on a fast machine: Cancel lands while the run is under way, in real work.
  const input = await builtDb('large.db', { at: '04ae19b32c08', experiments: 900, rowsPerExperiment: 30, blobBytes: [3000, 7000], savedInHdf5Share: 0, seed: 2 });
  const before = await openBytes(input.bytes);
  const results = count(before, 'SELECT count(*) AS n FROM Results');
  before.close();

  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(input.path);
  const upgrade = page.getByRole('button', { name: 'Upgrade', exact: true });
  await expect(upgrade).toBeVisible({ timeout: 30_000 });

  await clickUpgrade(page);
  // Cancel as soon as the run shows: most of a big file's run is reading, checking and
  // exporting around steps that each take milliseconds, so waiting to see a step marked
  // running (or taking a screenshot first) would race the run's end. The page stays
  // responsive while the worker is busy: it takes the click at once.
  const cancel = page.getByRole('button', { name: 'Cancel' });
  await expect(cancel).toBeVisible();
  await cancel.click();
  await expect(page.getByRole('status').filter({ hasText: 'Stopped' })).toHaveText('Stopped. Nothing was written; your file is unchanged.');
  await expect(page.getByRole('link', { name: /Download/ })).toHaveCount(0);
  // The note is where the focus went, in view.
  await expect(page.getByRole('status').filter({ hasText: 'Stopped' })).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'Stopped' })).toBeInViewport();

  // A fresh worker loads the same File again; the run goes through this time.
  await clickUpgrade(page);
  await expect(cancel).toBeVisible();
  const link = page.getByRole('link', { name: 'Download upgraded database' });
  await expect(link).toBeVisible({ timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const db = await openBytes(await downloadedBytes(download));
  expect(readVersions(db)).toEqual([HEAD]);
  expect(count(db, 'SELECT count(*) AS n FROM Results')).toBe(results);
  db.close();
});

test('shows each step start and finish while running', async ({ page }) => {
  const input = await builtDb('progress.db', { at: '04ae19b32c08', experiments: 20, seed: 4 });
  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(input.path);
  await expect(page.getByRole('button', { name: 'Upgrade', exact: true })).toBeVisible();
  // Record every state a step row passes through; a run on a small file is over too soon to watch.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as HTMLElement;
        if (el.classList?.contains('run-step')) seen.push(`${el.querySelector('.rev')?.textContent}:${el.dataset.state}`);
      }
    }).observe(document.getElementById('app')!, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  });
  await clickUpgrade(page);
  await expect(page.getByRole('link', { name: 'Download upgraded database' })).toBeVisible();
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  const revisions = chain.upgradePath(['04ae19b32c08'], [HEAD]).map((s) => s.revision);
  expect(seen).toEqual(revisions.flatMap((r) => [`${r}:running`, `${r}:done`]));
});
