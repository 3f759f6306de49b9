import { downloadedBytes, expect, HEAD, headFormat, openBytes, stepsToHead, test, clickUpgrade } from './fixtures.ts';
import { readVersions } from '../../src/engine/index.ts';

test('the sample button shows the whole flow without a file of one\'s own', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Try with a sample' }).click();
  await expect(page.getByTestId('file')).toContainText('sample-entropy.db');
  await expect(page.getByTestId('revision')).toHaveText('04ae19b32c08');
  await expect(page.getByTestId('release')).toHaveText('Written by Entropy 0.2.0 to 0.5.0');
  await expect(page.locator('ol.step-details > li')).toHaveCount(stepsToHead('04ae19b32c08'));
  await expect(page.getByText(`Upgrading brings it to ${headFormat()}:`)).toBeVisible();
  await clickUpgrade(page);
  const link = page.getByRole('link', { name: 'Download upgraded database' });
  await expect(link).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('sample-entropy.upgraded.db');
  const db = await openBytes(await downloadedBytes(download));
  expect(readVersions(db)).toEqual([HEAD]);
  expect(Number(db.query('SELECT count(*) AS n FROM Experiments')[0]!.n)).toBe(4);
  db.close();
});
