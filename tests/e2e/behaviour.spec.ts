/**
 * How the page behaves around the work: where the focus goes, what a drop of several files
 * says, that the target select changes nothing until confirmed, and the warning before
 * leaving a result that was not downloaded.
 */
import { builtDb, expect, HEAD, stepsToHead, test } from './fixtures.ts';
import { openSample, runToDone, upgradeButton } from './views.ts';

test('focus lands on each new view: the plan after opening, the plan after "Back to the plan", the result after a run', async ({ page }) => {
  await page.goto('./');
  await openSample(page);
  await expect(page.getByRole('heading', { name: 'Ready to upgrade' })).toBeFocused();
  await runToDone(page);
  await expect(page.getByRole('heading', { name: 'Your upgraded database is ready' })).toBeFocused();
  await page.getByRole('button', { name: 'Back to the plan' }).click();
  await expect(page.getByRole('heading', { name: 'Ready to upgrade' })).toBeFocused();
});

test('the target select changes the plan only when asked: arrow keys move through the options', async ({ page }) => {
  const input = await builtDb('keys.db', { at: '04ae19b32c08', experiments: 2, seed: 4 });
  await page.goto('./');
  await page.getByLabel('Open database file').setInputFiles(input.path);
  await page.getByText('Advanced: another target revision').click();
  const select = page.getByLabel('Target revision');
  await select.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(select).toBeFocused();
  await expect(select).not.toHaveValue(HEAD);
  await expect(upgradeButton(page)).toBeVisible();
  await expect(page.locator('ol.step-details > li')).toHaveCount(stepsToHead('04ae19b32c08'));
  await page.getByRole('button', { name: 'Plan for this revision' }).click();
  await expect(page.getByRole('button', { name: /^Upgrade to / })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Ready to upgrade' })).toBeFocused();
});

test('several dropped files are refused with a sentence naming them', async ({ page }) => {
  await page.goto('./');
  const data = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['a'], 'lab-a.db'));
    transfer.items.add(new File(['b'], 'lab-b.db'));
    return transfer;
  });
  // A drop is read for the project the worker names; the drop zone shows once it has.
  await expect(page.locator('[data-dropzone]')).toBeVisible();
  await page.locator('body').dispatchEvent('drop', { dataTransfer: data });
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText('You dropped 2 files (lab-a.db, lab-b.db); this page opens one at a time. Drop one entropy.db file or one project folder.');
  await expect(alert).toBeFocused();
});

test('the whole window shows it takes the drop while a file is dragged over it', async ({ page }) => {
  await page.goto('./');
  const overlay = page.locator('.drop-overlay');
  await expect(overlay).toBeHidden();
  await page.locator('footer').dispatchEvent('dragover', { dataTransfer: await page.evaluateHandle(() => new DataTransfer()) });
  await expect(overlay).toBeVisible();
  await expect(overlay).toHaveCSS('position', 'fixed');
  await page.locator('footer').dispatchEvent('drop', { dataTransfer: await page.evaluateHandle(() => new DataTransfer()) });
  await expect(overlay).toBeHidden();
});

test('leaving with a result not yet downloaded asks first; after the download it does not', async ({ page }) => {
  await page.goto('./');
  await openSample(page);
  await runToDone(page);
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.type());
    void dialog.dismiss();
  });
  // Dismissing the question keeps the page: the result is still there.
  await page.reload({ timeout: 3000 }).catch(() => undefined);
  await expect.poll(() => asked).toEqual(['beforeunload']);
  await expect(page.getByRole('link', { name: 'Download upgraded database' })).toBeVisible();

  await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download upgraded database' }).click()]);
  await page.reload();
  expect(asked).toEqual(['beforeunload']);
  await expect(page.getByRole('button', { name: 'Try with a sample' })).toBeVisible();
});
