/**
 * One screen to act: Upgrade is in the first viewport, without scrolling, at a laptop's and
 * a phone's size, for the sample, a filled file and a project folder; and nothing is wider
 * than a 360 px phone in any view, with every folded part open.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { openAllDetails, openBad, openDowngradeConfirmation, openFilled, openFolder, openSample, overflow, runToDone, startHeldRun, upgradeButton } from './views.ts';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
];

const OPENERS: Record<string, (page: Page) => Promise<void>> = { sample: openSample, 'filled file': openFilled, 'project folder': openFolder };

async function expectInFirstViewport(page: Page): Promise<void> {
  const button = upgradeButton(page);
  await expect(button).toBeVisible();
  const seen = await button.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return { scrollY: window.scrollY, top: box.top, bottom: box.bottom, height: window.innerHeight, onTop: hit === el || el.contains(hit) };
  });
  expect(seen.scrollY).toBe(0);
  expect(seen.top).toBeGreaterThanOrEqual(0);
  expect(seen.bottom).toBeLessThanOrEqual(seen.height);
  expect(seen.onTop, 'nothing covers the button').toBe(true);
}

for (const size of SIZES) {
  for (const [what, open] of Object.entries(OPENERS)) {
    test(`Upgrade is in the first viewport at ${size.width}x${size.height}: ${what}`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.goto('./');
      await open(page);
      await expect(page.getByRole('heading', { name: 'Ready to upgrade' })).toBeFocused();
      await expectInFirstViewport(page);
    });
  }
}

test('a project folder chosen with the button is upgraded whole', async ({ page }) => {
  await page.goto('./');
  await openFolder(page, 'lab-2022');
  await expect(page.getByTestId('file')).toContainText('Project folder "lab-2022" · entropy.db');
  await expect(page.getByTestId('revision')).toHaveText('04ae19b32c08');
  await runToDone(page);
  await expect(page.locator('ol.next-steps')).toContainText('unpack it inside the project folder "lab-2022", in place of its old .entropy folder');
});

test('no view is wider than a 360 px phone, every folded part open', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('./');
  expect(await overflow(page), 'start').toBeLessThanOrEqual(0);
  await openBad(page);
  expect(await overflow(page), 'error').toBeLessThanOrEqual(0);
  await openFilled(page);
  await page.getByText('Advanced: another target revision').click();
  await expect(page.getByLabel('Target revision')).toBeVisible();
  await openAllDetails(page);
  expect(await overflow(page), 'plan with Advanced and the details open').toBeLessThanOrEqual(0);
  await startHeldRun(page, 1500);
  expect(await overflow(page), 'running').toBeLessThanOrEqual(0);
  await expect(page.getByRole('link', { name: 'Download upgraded database' })).toBeVisible();
  await openAllDetails(page);
  expect(await overflow(page), 'done with the receipt open').toBeLessThanOrEqual(0);
  // The result was not downloaded: leaving asks first (beforeunload); here, leave.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.goto('./');
  await openDowngradeConfirmation(page);
  expect(await overflow(page), 'downgrade confirmation').toBeLessThanOrEqual(0);
});
