import { builtDb, chain, downloadedBytes, expect, HEAD, openBytes, stepsToHead, test } from './fixtures.ts';
import { planFor } from './views.ts';
import { columnsOf, hasTable, readVersions } from '../../src/engine/index.ts';

test('Advanced: downgrade a current database to an older revision', async ({ page }) => {
  const input = await builtDb('entropy.db', { at: HEAD, experiments: 3, seed: 9 });
  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(input.path);
  await expect(page.getByTestId('nothing-to-do')).toBeVisible();

  await planFor(page, '9ffd2ba0d5bf');
  const run = page.getByRole('button', { name: 'Downgrade to 9ffd2ba0d5bf' });
  await expect(run).toBeVisible();
  const steps = page.locator('ol.step-details > li');
  await expect(steps).toHaveCount(chain.downgradePath([HEAD], ['9ffd2ba0d5bf']).length);
  await expect(steps.first()).toContainText(HEAD);
  await expect(page.locator('li[data-step="273a9fae6206"] pre')).toContainText('favorite');
  await expect(page.locator('ul.steps')).toContainText('Remove favorite marks');

  // A downgrade asks first, saying what it deletes; "Keep my data" runs nothing.
  await run.click();
  const dialog = page.getByRole('dialog', { name: 'Delete data to downgrade?' });
  await expect(dialog).toContainText('Deletes the favorite marks (none is set in this file).');
  await expect(dialog.getByRole('button', { name: 'Keep my data' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Keep my data' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Ready to downgrade' })).toBeVisible();
  await run.click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete and downgrade' }).click();
  const link = page.getByRole('link', { name: 'Download downgraded database' });
  await expect(link).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('entropy.downgraded.db');
  const db = await openBytes(await downloadedBytes(download));
  expect(readVersions(db)).toEqual(['9ffd2ba0d5bf']);
  expect(columnsOf(db, 'Experiments').some((c) => c.name === 'favorite')).toBe(false);
  expect(hasTable(db, 'Figures')).toBe(true);
  db.close();
});

test('Advanced: upgrade part of the way, then from the same file all the way', async ({ page }) => {
  const input = await builtDb('partway.db', { at: '04ae19b32c08', experiments: 2, seed: 8 });
  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(input.path);
  await planFor(page, '06140c96c8c4');
  await expect(page.locator('ol.step-details > li')).toHaveCount(chain.upgradePath(['04ae19b32c08'], ['06140c96c8c4']).length);
  await page.getByRole('button', { name: 'Upgrade to 06140c96c8c4' }).click();
  // Only the database is open and 06140c96c8c4 rewrites params.json: the page asks first.
  await page.getByRole('dialog').getByRole('button', { name: 'Upgrade the database alone' }).click();
  const link = page.getByRole('link', { name: 'Download upgraded database' });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const db = await openBytes(await downloadedBytes(download));
  expect(readVersions(db)).toEqual(['06140c96c8c4']);
  db.close();

  // The first run used up the copy inspection opened; the second reads the file again, as
  // it was chosen (not the first run's result).
  await page.getByRole('button', { name: 'Back to the plan' }).click();
  await planFor(page, HEAD);
  await expect(page.locator('ol.step-details > li')).toHaveCount(stepsToHead('04ae19b32c08'));
  await page.getByRole('button', { name: `Upgrade to ${HEAD}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Upgrade the database alone' }).click();
  const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download upgraded database' }).click()]);
  const full = await openBytes(await downloadedBytes(again));
  expect(readVersions(full)).toEqual([HEAD]);
  full.close();
});
