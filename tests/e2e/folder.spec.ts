import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { builtDb, downloadedBytes, expect, HEAD, openBytes, test } from './fixtures.ts';
import { readVersions } from '../../src/engine/index.ts';

async function dropPath(page: Page, path: string): Promise<void> {
  const zone = page.locator('[data-dropzone]');
  await expect(zone).toBeVisible();
  const box = (await zone.boundingBox())!;
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  // A real OS-level drag of the folder, as Chromium receives one from the file manager.
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [path], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
    await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  }
}

test('a dropped project folder is upgraded whole and comes back as a zip of its .entropy folder', async ({ page }) => {
  const input = await builtDb('for-folder.db', { at: '9ffd2ba0d5bf', experiments: 2, savedInHdf5Share: 0, seed: 12 });
  const project = join(dirname(input.path), 'my-experiment');
  mkdirSync(join(project, '.entropy'), { recursive: true });
  writeFileSync(join(project, '.entropy', 'entropy.db'), input.bytes);
  writeFileSync(join(project, 'notes.txt'), 'not the database');

  await page.goto('./');
  await dropPath(page, project);
  await expect(page.getByTestId('file')).toContainText('Project folder "my-experiment" · entropy.db');
  await expect(page.getByTestId('revision')).toHaveText('9ffd2ba0d5bf');
  // A whole project: no question about the database alone.
  await page.getByRole('button', { name: 'Upgrade', exact: true }).click();
  const zip = page.getByRole('button', { name: 'Download upgraded project (.zip)' });
  const [download] = await Promise.all([page.waitForEvent('download'), zip.click()]);
  expect(download.suggestedFilename()).toBe('my-experiment.upgraded.zip');
  const files = unzipSync(await downloadedBytes(download));
  // The user's own files outside .entropy are not in it; Entropy's params.json (none before) is.
  expect(Object.keys(files)).toContain('.entropy/params.json');
  expect(Object.keys(files).every((p) => p.startsWith('.entropy/'))).toBe(true);
  const db = await openBytes(files['.entropy/entropy.db']!);
  expect(readVersions(db)).toEqual([HEAD]);
  db.close();
});

test('a dropped folder without a database gets a sentence saying where it should be', async ({ page }) => {
  const input = await builtDb('unused.db', { at: 'empty' });
  const folder = join(dirname(input.path), 'not-a-project');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'readme.txt'), 'hello');
  await page.goto('./');
  await dropPath(page, folder);
  await expect(page.getByRole('alert')).toHaveText('The folder "not-a-project" has no .entropy/entropy.db. Open an Entropy project folder, its .entropy folder, or the entropy.db file itself.');
});
