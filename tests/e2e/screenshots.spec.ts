/**
 * Every view, light and dark, desktop and phone: docs/screenshots/<view>-<scheme>-<size>.png
 * with UPDATE_SCREENSHOTS=1 (test-results/screenshots otherwise). The views are the ones the
 * layout and accessibility tests check; these pictures are for people to look at.
 */
import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures.ts';
import { openBad, openDowngradeConfirmation, openFailingRun, openFolder, openSample, openStoppingFolder, startHeldRun } from './views.ts';

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

for (const colorScheme of ['light', 'dark'] as const) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    test.describe(`${colorScheme} ${size}`, () => {
      test.use({ colorScheme, viewport });
      const name = (view: string) => `${view}-${colorScheme}-${size}`;
      // The pictures show the first screen, as people see it, not the page's whole length.
      const first = (page: Page, view: string) => shot(page, name(view), false);

      test(`every view (${colorScheme}, ${size})`, async ({ page }) => {
        await page.goto('./');
        await first(page, 'start');
        await openBad(page);
        await first(page, 'error');
        await openFolder(page);
        await first(page, 'plan');
        await startHeldRun(page, 2500);
        await first(page, 'running');
        await expect(page.getByRole('button', { name: 'Download upgraded project (.zip)' })).toBeVisible();
        await page.waitForTimeout(400);
        await first(page, 'done');
        await page.evaluate(() => window.scrollTo(0, 0));
        await shot(page, name('done-full'));
        // Writing back into the folder: the confirmation lists what changes.
        await page.getByRole('button', { name: /^Write it into the folder/ }).click();
        await expect(page.getByRole('dialog')).toBeVisible();
        await first(page, 'write-back');
        await page.getByRole('button', { name: 'Not now' }).click();
        // A database alone: what that leaves undone, and the folder offered instead.
        page.once('dialog', (dialog) => void dialog.accept());
        await page.goto('./');
        await openSample(page);
        await page.getByTestId('left-undone').scrollIntoViewIfNeeded();
        await first(page, 'plan-database-alone');
        page.once('dialog', (dialog) => void dialog.accept());
        await page.goto('./');
        await openDowngradeConfirmation(page);
        await first(page, 'downgrade');
        // A run that failed at a step: the sentence, and the plan marked where each step ended.
        await page.keyboard.press('Escape');
        await openFailingRun(page);
        await page.locator('.steps').scrollIntoViewIfNeeded();
        await first(page, 'step-failed');
        // A project the run would stop on: said in the plan, Upgrade disabled.
        await page.goto('./');
        await openStoppingFolder(page);
        await first(page, 'will-stop');
      });
    });
  }
}
