/**
 * Accessibility checked by axe-core, not by eye: every view (start, plan, running, done,
 * error, a run that failed at a step, and the downgrade confirmation), light and dark, has no serious or critical
 * violation. Folded parts are opened first so that axe sees them too.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { openAllDetails, openBad, openDowngradeConfirmation, openFailingRun, openSample, openStoppingFolder, startHeldRun } from './views.ts';

async function expectAccessible(page: Page, view: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `${view}: serious or critical violations`).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme}`, () => {
    test.use({ colorScheme });

    test(`start, error, plan, running and done views have no serious violations (${colorScheme})`, async ({ page }) => {
      await page.goto('./');
      await expectAccessible(page, 'start');
      await openBad(page);
      await expectAccessible(page, 'error');
      await openSample(page);
      await openAllDetails(page);
      await expectAccessible(page, 'plan');
      await startHeldRun(page, 4000);
      await expectAccessible(page, 'running');
      await expect(page.getByRole('link', { name: 'Download upgraded database' })).toBeVisible();
      await openAllDetails(page);
      await expectAccessible(page, 'done');
    });

    test(`the downgrade confirmation has no serious violations (${colorScheme})`, async ({ page }) => {
      await page.goto('./');
      await openDowngradeConfirmation(page);
      await expectAccessible(page, 'downgrade confirmation');
    });

    test(`a project the run would stop on, Upgrade disabled, has no serious violations (${colorScheme})`, async ({ page }) => {
      await page.goto('./');
      await openStoppingFolder(page);
      await expectAccessible(page, 'will stop');
    });

    test(`a run that failed at a step, its plan marked, has no serious violations (${colorScheme})`, async ({ page }) => {
      await page.goto('./');
      await openFailingRun(page);
      await expectAccessible(page, 'step failed');
    });
  });
}
