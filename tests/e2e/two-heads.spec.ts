/**
 * A chain with two heads (a second line of development, before `migration:merge` joins it)
 * through the real page: the test build in tests/e2e/branched hands the page's worker
 * Entropy's chain with a branch off 9ffd2ba0d5bf. The plan shows the steps to both heads, and
 * the downloaded file records both, exactly as the engine makes it in Node.
 */
import { migrations } from '../../migrations/index.ts';
import { migrateBytes, readVersions } from '../../src/engine/index.ts';
import { AFTER, BRANCH, branched, branchRevision } from '../bad-input/injected-chain.ts';
import { open, snap } from '../support/db.ts';
import { snapshot } from '../support/snapshot.ts';
import { BRANCHED_PORT } from './branched/port.ts';
import { builtDb, clickUpgrade, downloadedBytes, expect, HEAD, openBytes, test } from './fixtures.ts';

test.use({ baseURL: `http://127.0.0.1:${BRANCHED_PORT}/` });

const { chain, project } = branched(migrations, branchRevision);
const FROM = '04ae19b32c08';

test('upgrades a file on a chain with two heads to both heads', async ({ page }) => {
  expect([...chain.heads].sort()).toEqual([BRANCH, HEAD].sort());
  const steps = chain.upgradePath([FROM], [...chain.heads]).map((s) => s.revision);
  const input = await builtDb('two-heads.db', { at: FROM, experiments: 3, rowsPerExperiment: 2, seed: 5 });

  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(input.path);
  await expect(page.getByRole('heading', { name: 'Ready to upgrade' })).toBeVisible();
  // Both heads are where the plan leads, and their steps are in it, the branch after the
  // revision it grows from.
  const intro = page.getByText(/^Upgrading brings it to /);
  await expect(intro).toContainText(`revision ${HEAD}`);
  await expect(intro).toContainText(`revision ${BRANCH}`);
  await page.getByText(`Details of the ${steps.length} steps`).click();
  const details = page.locator('ol.step-details > li');
  await expect(details).toHaveCount(steps.length);
  expect(await details.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-step')))).toEqual(steps);
  expect(steps.indexOf(BRANCH)).toBeGreaterThan(steps.indexOf(AFTER));
  await expect(page.locator(`li[data-step="${BRANCH}"]`)).toContainText(branchRevision.summary);
  await expect(page.locator(`li[data-step="${HEAD}"]`)).toBeVisible();

  await clickUpgrade(page);
  const link = page.getByRole('link', { name: 'Download upgraded database' });
  await expect(link).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const output = await downloadedBytes(download);

  const db = await openBytes(output);
  try {
    expect([...readVersions(db)].sort()).toEqual([BRANCH, HEAD].sort());
    expect(db.query('PRAGMA integrity_check')[0]!.integrity_check).toBe('ok');
    expect(db.query("SELECT name FROM sqlite_master WHERE name = 'BranchMarker'")).toHaveLength(1);
    // What the engine makes of the same file with the same chain, row for row.
    expect(snapshot(db)).toEqual(snap(migrateBytes(open, input.bytes, project, { direction: 'upgrade' }).bytes));
  } finally {
    db.close();
  }
});
