import { createHash } from 'node:crypto';
import { builtDb, count, downloadedBytes, expect, expectUpgradedToHead, HEAD, openBytes, stepsToHead, test, clickUpgrade } from './fixtures.ts';

test('upgrades a database at an old revision and hands back the upgraded copy', async ({ page }) => {
  const input = await builtDb('entropy.db', { at: '04ae19b32c08', experiments: 6, rowsPerExperiment: 4, seed: 11 });
  const before = await openBytes(input.bytes);
  const results = count(before, 'SELECT count(*) AS n FROM Results');
  const flaggedResults = count(before, 'SELECT count(*) AS n FROM Results WHERE saved_in_hdf5 = 1');
  const flaggedMetadata = count(before, 'SELECT count(*) AS n FROM ExperimentMetadata WHERE saved_in_hdf5 = 1');
  before.close();
  expect(flaggedResults).toBeGreaterThan(0);

  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(input.path);

  // What it found.
  await expect(page.getByTestId('file')).toContainText('entropy.db');
  await expect(page.getByTestId('revision')).toHaveText('04ae19b32c08');
  await expect(page.getByTestId('release')).toHaveText('Written by Entropy 0.2.0 to 0.5.0');
  await expect(page.getByTestId('file')).toContainText(`6 experiments, ${results} results`);
  await page.getByText(/^Tables and rows/).click();
  await expect(page.getByRole('row', { name: `Results ${results}` })).toBeVisible();

  // The plan in words, with the real numbers; no SQL words outside the details.
  const plain = page.locator('ul.steps');
  await expect(plain.locator('li[data-revision="7fa75ca1263f"]')).toHaveText(
    `Remove results already kept in HDF5 files ${flaggedResults} results and ${flaggedMetadata} metadata entries leave the database; their data stays in the project's HDF5 files beside the database. The other ${results - flaggedResults} results stay.`,
  );
  await expect(plain).not.toContainText(/saved_in_hdf5|VACUUM|transaction|SQL|table/i);
  // Each pending revision in the details, the warning with real numbers, the SQL on demand.
  await page.getByText(`Details of the ${stepsToHead('04ae19b32c08')} steps`).click();
  const steps = page.locator('ol.step-details > li');
  await expect(steps).toHaveCount(stepsToHead('04ae19b32c08'));
  await expect(steps.first()).toContainText('f1ada2484fe2');
  await expect(steps.last()).toContainText(HEAD);
  const deleting = page.locator('li[data-step="7fa75ca1263f"]');
  await expect(deleting.locator('.warning')).toContainText(`Deletes ${flaggedResults} Results row(s) and ${flaggedMetadata} ExperimentMetadata row(s)`);
  const figures = page.locator('li[data-step="f1ada2484fe2"]');
  // BEGIN and COMMIT are not counted: the new table and the revision stamp are.
  await figures.getByText('Show the SQL (2 statements)').click();
  await expect(figures.locator('pre')).toContainText('CREATE TABLE "Figures"');

  await clickUpgrade(page);
  const link = page.getByRole('link', { name: 'Download upgraded database' });
  await expect(link).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your upgraded database is ready' })).toBeFocused();
  await expect(page.locator('ol.next-steps > li')).toHaveCount(4);
  await expect(page.locator('ul.changed')).toContainText(
    `${flaggedResults} results and ${flaggedMetadata} metadata entries removed from the database (results ${results} → ${results - flaggedResults}, metadata entries`,
  );
  await page.getByText('Receipt: steps, rows per table and checks').click();
  await expect(page.getByRole('row', { name: `Results ${results} ${results - flaggedResults}` })).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('entropy.upgraded.db');
  const output = await downloadedBytes(download);
  await expectUpgradedToHead(output, input.bytes);
  const after = await openBytes(output);
  expect(count(after, 'SELECT count(*) AS n FROM Results')).toBe(results - flaggedResults);
  expect(count(after, 'SELECT count(*) AS n FROM Results WHERE saved_in_hdf5 = 1')).toBe(0);
  expect(count(after, 'SELECT count(*) AS n FROM ExperimentMetadata WHERE saved_in_hdf5 = 1')).toBe(0);
  after.close();

  const [receipt] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download receipt' }).click()]);
  expect(receipt.suggestedFilename()).toBe('entropy.upgraded.receipt.txt');
  const text = Buffer.from(await downloadedBytes(receipt)).toString('utf8');
  expect(text).toContain(`Revision:    04ae19b32c08 -> ${HEAD}`);
  expect(text).toContain('SQLite integrity_check: ok');
  expect(text).toMatch(new RegExp(`Results\\s+${results}\\s+${results - flaggedResults}`));
  // The hashes are computed after the download is offered; the receipt waits for them and
  // records those of the very file chosen and the very file downloaded.
  const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
  expect(text).toMatch(new RegExp(`^Input: .*, SHA-256 ${sha256(input.bytes)}$`, 'm'));
  expect(text).toMatch(new RegExp(`^Output: .*, SHA-256 ${sha256(output)}$`, 'm'));
});

test('works at a phone width', async ({ page }) => {
  const input = await builtDb('narrow.db', { at: '9ffd2ba0d5bf', experiments: 2, seed: 3 });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(input.path);
  await expect(page.getByRole('button', { name: 'Upgrade', exact: true })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await clickUpgrade(page);
  await expect(page.getByRole('link', { name: 'Download upgraded database' })).toBeVisible();
});

test('opens a dropped file', async ({ page }) => {
  const input = await builtDb('dropped.db', { at: 'f1ada2484fe2', experiments: 2, seed: 5 });
  await page.goto('./');
  const data = await page.evaluateHandle((bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], 'dropped.db'));
    return transfer;
  }, [...input.bytes]);
  await page.locator('[data-dropzone]').dispatchEvent('drop', { dataTransfer: data });
  await expect(page.getByTestId('revision')).toHaveText('f1ada2484fe2');
  await expect(page.locator('ol.step-details > li')).toHaveCount(stepsToHead('f1ada2484fe2'));
});
