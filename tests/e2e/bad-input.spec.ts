/**
 * Bad files through the page's own "Open database" input: each gets its code and sentence
 * and nothing to run or download, and the page keeps working afterwards without a reload.
 * The files and sentences are the ones the engine and CLI suites use (tests/bad-input).
 */
import { closeSync, ftruncateSync, openSync, readFileSync } from 'node:fs';
import { BAD_FILES, WAL_NOTE, walModeDb } from '../bad-input/cases.ts';
import { builtDb, count, downloadedBytes, expect, HEAD, openBytes, test, writeTemp, clickUpgrade } from './fixtures.ts';
import { NODE_WITHOUT_START_FAILURE, nodeWithoutStartDb } from '../../migrations/builders/damage.ts';
import { open } from '../support/db.ts';
import { readVersions } from '../../src/engine/index.ts';
import type { Page } from '@playwright/test';

/** The alert names the file it refuses ("Could not open bad-3.db") before the engine's sentence. */
async function expectRefused(page: Page, code: string, message: string | RegExp, file: string): Promise<void> {
  const alert = page.getByRole('alert');
  await expect(alert).toHaveAttribute('data-code', code);
  await expect(alert.locator('.banner-title')).toHaveText(`Could not open ${file}`);
  await expect(alert.locator('p').nth(1)).toHaveText(message);
  await expect(alert).toBeFocused();
  await expect(page.getByRole('link', { name: /Download/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Upgrade', exact: true })).toHaveCount(0);
}

test('every bad file gets its sentence and nothing to download, one after another in the same page', async ({ page }) => {
  await page.goto('./');
  for (const [i, bad] of BAD_FILES.entries()) {
    await test.step(bad.name, async () => {
      await page.getByLabel('Open database').setInputFiles(writeTemp(`bad-${i}.db`, bad.bytes()));
      await expectRefused(page, bad.code, bad.message, `bad-${i}.db`);
    });
  }
});

test('a WAL-mode file opens, with the note about the -wal file', async ({ page }) => {
  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(writeTemp('wal.db', walModeDb()));
  await expect(page.getByText(WAL_NOTE)).toBeVisible();
  await clickUpgrade(page);
  await expect(page.getByRole('link', { name: 'Download upgraded database' })).toBeVisible();
});

test('a file too big for the tab gets the memory sentence, without being read', async ({ page }) => {
  // Sparse: 1.5 GB long, next to nothing on disk. The page must refuse it from its size alone.
  const path = writeTemp('huge.db', new Uint8Array(0));
  const fd = openSync(path, 'r+');
  ftruncateSync(fd, 1.5 * 1024 ** 3);
  closeSync(fd);
  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(path);
  await expectRefused(
    page,
    'OUT_OF_MEMORY',
    'This file is 1.5 GB; this page opens files of up to 1 GB, a fixed limit of one browser tab whatever memory the computer has. Nothing was read. The command-line tool entropy-migrate has no such limit.',
    'huge.db',
  );
  // The sentence points at the tool; the page says where it is explained.
  await page.getByRole('link', { name: 'About the command-line tool entropy-migrate' }).click();
  await expect(page.getByRole('heading', { name: /the command-line tool/ })).toBeInViewport();
});

test('the worker killed mid-run: the page recovers without a reload and the next run succeeds', async ({ page }) => {
  // Building and reading ~290 MB twice took up to 58 s of the 60 s on a shared, busy machine.
  test.slow();
  // About 290 MB, as in cancel.spec.ts: smaller files' runs could end before Cancel was
  // pressed once the page got faster.
  const experiments = 900;
  const input = await builtDb('kill-mid-run.db', { at: '04ae19b32c08', experiments, rowsPerExperiment: 30, blobBytes: [3000, 7000], savedInHdf5Share: 0, seed: 8 });
  await page.goto('./');
  // A page reload would lose this.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  // A bad file first, so recovery is from an error as well as from a kill.
  await page.getByLabel('Open database').setInputFiles(writeTemp('junk.db', 'not a database\n'));
  await expect(page.getByRole('alert')).toHaveAttribute('data-code', 'NOT_SQLITE');

  await page.getByLabel('Open database').setInputFiles(input.path);
  const upgrade = page.getByRole('button', { name: 'Upgrade', exact: true });
  await expect(upgrade).toBeVisible({ timeout: 30_000 });
  await clickUpgrade(page);
  // As in cancel.spec.ts: press Cancel as soon as the run shows, not after a step is seen.
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeVisible();
  expect(page.workers()).toHaveLength(1);
  const running = page.workers()[0]!;
  const closed = new Promise<void>((resolve) => running.once('close', () => resolve()));
  const fresh = page.waitForEvent('worker');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Stopped' })).toHaveText('Stopped. Nothing was written; your file is unchanged.');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('link', { name: /Download/ })).toHaveCount(0);
  // The worker that was running is gone, and a fresh one took its place.
  await closed;
  expect(await fresh).not.toBe(running);
  await expect.poll(() => page.workers().length).toBe(1);

  await clickUpgrade(page);
  const link = page.getByRole('link', { name: 'Download upgraded database' });
  await expect(link).toBeVisible({ timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const db = await openBytes(await downloadedBytes(download));
  expect(readVersions(db)).toEqual([HEAD]);
  expect(db.query('PRAGMA integrity_check')[0]!.integrity_check).toBe('ok');
  expect(count(db, 'SELECT count(*) AS n FROM Results')).toBe(experiments * 30);
  db.close();
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
});

test('a step that fails mid-run names the revision and statement, offers no download, and the page goes on', async ({ page }) => {
  // A hand-edited file, not a test hook: a Nodes row without a start time breaks 9ffd2ba0d5bf.
  const { bytes } = await builtDb('pre-alembic.db', { at: 'pre-alembic' });
  const edited = nodeWithoutStartDb(open, bytes);
  const path = writeTemp('hand-edited.db', edited);
  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(path);
  await clickUpgrade(page);
  const alert = page.getByRole('alert');
  await expect(alert).toHaveAttribute('data-code', 'STEP_FAILED');
  await expect(alert).toContainText('The upgrade of hand-edited.db did not finish');
  await expect(alert).toContainText(NODE_WITHOUT_START_FAILURE);
  await expect(page.getByRole('link', { name: /Download/ })).toHaveCount(0);
  // The plan says where each step ended: the ones before ran on the thrown-away copy, the rest did not run.
  await expect(page.locator('.steps li[data-status="failed"]')).toHaveAttribute('data-revision', /9ffd2ba0d5bf/);
  await expect(page.locator('.steps li[data-status="failed"]')).toContainText('Failed here.');
  expect(await page.locator('.steps li[data-status="applied"]').count()).toBeGreaterThan(0);
  expect(await page.locator('.steps li[data-status="not-run"]').count()).toBeGreaterThan(0);

  // The same page then upgrades a good file.
  const good = await builtDb('after-failure.db', { at: '04ae19b32c08' });
  await page.getByLabel('Open database').setInputFiles(good.path);
  await clickUpgrade(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download upgraded database' }).click()]);
  const db = await openBytes(await downloadedBytes(download));
  expect(readVersions(db)).toEqual([HEAD]);
  db.close();
  expect(new Uint8Array(readFileSync(path))).toEqual(edited);
});
