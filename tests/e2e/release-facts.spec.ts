/**
 * The page says which release it is: its version (package.json's), the revision it upgrades
 * to (the chain's head, with the Entropy release that shipped it), and how to install the
 * command-line tool of the same release.
 */
import { readFileSync } from 'node:fs';
import { entropy } from '../../migrations/index.ts';
import { expect, test } from './fixtures.ts';
import { HEAD } from '../support/db.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

test('the page shows its version, the revision it upgrades to and the install command', async ({ page }) => {
  await page.goto('./');
  const footer = page.locator('footer');
  await expect(footer).toContainText(`entropy-migrate ${version} upgrades to revision ${HEAD} (Entropy ${entropy.releaseOfRevision(HEAD)})`);
  await expect(footer.locator('pre')).toHaveText(`npm install -g entropy-migrate-${version}.tgz`);
  await expect(footer).not.toContainText('%ENTROPY_MIGRATE');
});
