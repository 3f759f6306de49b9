/**
 * Hostile files on the page (issue 12): names that attack a terminal or a page (ESC
 * sequences, a newline, a bidi override, markup, a megabyte) are shown printable and capped,
 * never as markup; a trigger on alembic_version that never ends leaves the plan and its SQL
 * preview to appear (the preview does not fire it), is named before the run, and Cancel,
 * in view, stops the run with nothing written.
 */
import type { Page } from '@playwright/test';
import {
  foreignKeyMismatchDb,
  hostileRevisionDb,
  hostileTableNameDb,
  TERMINAL_ATTACK,
  versionLoopingTriggerDb,
  versionTableSpelledDb,
  versionViewDb,
  zeroblobTriggerDb,
} from '../../migrations/builders/hostile.ts';
import { ELLIPSIS, MAX_SENTENCE } from '../../src/engine/index.ts';
import { build, open } from '../support/db.ts';
import { clickUpgrade, downloadedBytes, expect, HEAD, openBytes, test, writeTemp } from './fixtures.ts';

/** Markup that would run if any of it reached innerHTML. */
const MARKUP = '<img src=x onerror="window.pwned=1"><script>window.pwned=1</script>';
const HOSTILE = `${TERMINAL_ATTACK}${MARKUP}`;
const MEGABYTE = 'A'.repeat(2 ** 20);
/** Raw characters printable() escapes: none may reach the page. */
const RAW = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Nothing hostile ran: no markup became elements, no dialog opened, no script ran. */
async function expectNothingRan(page: Page, dialogs: string[]): Promise<void> {
  expect(dialogs).toEqual([]);
  await expect(page.locator('#app img, #app script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
}

/** The first raw character with a little context, or null: a failure shows where, not a megabyte. */
function rawIn(text: string): string | null {
  const at = text.search(RAW);
  return at < 0 ? null : JSON.stringify(text.slice(Math.max(0, at - 60), at + 20));
}

/** The page's text outside the SQL previews (SQL is shown as written, on lines of its own). */
async function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const copy = document.getElementById('app')!.cloneNode(true) as HTMLElement;
    for (const pre of copy.querySelectorAll('pre')) pre.remove();
    return copy.textContent ?? '';
  });
}

/** The text is printable: escapes instead of the raw characters, the markup as text. */
function expectPrintable(text: string): void {
  expect(rawIn(text)).toBeNull();
  expect(text).toContain('\\x1b]0;owned\\x07');
  expect(text).toContain('\\u202e');
}

/** Every dialog the page opens, dismissed and noted (there must be none). */
function watchDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

test('a file name with ESC, newline, bidi and markup characters, a megabyte long, is shown printable and capped', async ({ page }) => {
  const dialogs = watchDialogs(page);
  await page.goto('./');
  const name = `${HOSTILE}${MEGABYTE}.db`;
  await page.getByLabel('Open database').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(build('04ae19b32c08')) });
  const shown = page.getByTestId('file').locator('strong');
  await expect(shown).toContainText('\\x1b]0;owned');
  const text = (await shown.textContent())!;
  expectPrintable(text);
  expect(text).toContain(MARKUP.slice(0, 20));
  // printable()'s cap: 80 characters, the last an ellipsis.
  expect([...text]).toHaveLength(80);
  expect(text.endsWith(ELLIPSIS)).toBe(true);

  await clickUpgrade(page);
  await expect(page.getByRole('link', { name: 'Download upgraded database' })).toBeVisible();
  const done = await pageText(page);
  expect(rawIn(done)).toBeNull();
  // Every place the name is shown is capped: the page's text stays short.
  expect(done.length).toBeLessThan(10_000);
  await expectNothingRan(page, dialogs);
});

test('hostile table names and alembic_version values, a megabyte long: refused in one printable sentence, or listed printable', async ({ page }) => {
  const dialogs = watchDialogs(page);
  await page.goto('./');
  const alert = page.getByRole('alert');
  const sentence = alert.locator('p').nth(1);

  // Someone else's database whose one table is named to attack: refused, naming it printable.
  await page.getByLabel('Open database').setInputFiles(writeTemp('hostile-table.db', hostileTableNameDb(open, `${HOSTILE}${MEGABYTE}`)));
  await expect(alert).toHaveAttribute('data-code', 'NOT_PROJECT_DB');
  let text = (await sentence.textContent())!;
  expectPrintable(text);
  expect(text.length).toBeLessThanOrEqual(MAX_SENTENCE);

  // A revision id that attacks: refused, the id printable.
  await page.getByLabel('Open database').setInputFiles(writeTemp('hostile-revision.db', hostileRevisionDb(open, build('04ae19b32c08'), `${HOSTILE}${MEGABYTE}`)));
  await expect(alert).toHaveAttribute('data-code', /^[A-Z_]+$/);
  await expect(alert.locator('.banner-title')).toHaveText('Could not open hostile-revision.db');
  text = (await sentence.textContent())!;
  expectPrintable(text);
  expect(text.length).toBeLessThanOrEqual(MAX_SENTENCE);

  // An Entropy database with one more table, named to attack: it opens, and the table list
  // shows the name printable and capped.
  const db = open(build('04ae19b32c08'));
  db.exec(`CREATE TABLE "${HOSTILE.replaceAll('"', '""')}${MEGABYTE}" (id INTEGER PRIMARY KEY)`);
  const extra = db.export();
  db.close();
  await page.getByLabel('Open database').setInputFiles(writeTemp('extra-table.db', extra));
  await page.getByText(/^Tables and rows/).click();
  const cell = page.locator('table.counts td code').filter({ hasText: '\\x1b]0;owned' });
  await expect(cell).toHaveCount(1);
  const name = (await cell.textContent())!;
  expectPrintable(name);
  expect([...name]).toHaveLength(80);
  const main = await pageText(page);
  expect(rawIn(main)).toBeNull();
  expect(main.length).toBeLessThan(10_000);
  await expectNothingRan(page, dialogs);
});

test('a trigger on alembic_version that never ends: plan and SQL shown, the trigger named, and Cancel in view stops the run', async ({ page }) => {
  const path = writeTemp('looping-trigger.db', versionLoopingTriggerDb(open, build('04ae19b32c08'), 'spin'));
  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(path);
  // The plan and the SQL preview appear: recording leaves version-table triggers out.
  await expect(page.getByRole('heading', { name: 'Ready to upgrade' })).toBeVisible();
  const warning = page.getByTestId('version-triggers');
  await expect(warning).toContainText('This file has a trigger on alembic_version, which Entropy never makes: spin.');
  await expect(warning).toContainText('If one never finishes, the upgrade waits with it: press Cancel, and nothing is written.');
  await page.getByText(/^Details of the \d+ steps$/).click();
  const first = page.locator('ol.step-details > li').first();
  await first.getByText(/^Show the SQL/).click();
  await expect(first.locator('pre')).toContainText('UPDATE alembic_version');

  await clickUpgrade(page);
  const cancel = page.getByRole('button', { name: 'Cancel' });
  await expect(cancel).toBeInViewport();
  // The first stamp fires the trigger: the run stays on its first step, whatever the wait.
  await expect(page.locator('li.run-step').first()).toHaveAttribute('data-state', 'running');
  await page.waitForTimeout(1500);
  await expect(page.locator('li.run-step[data-state="done"]')).toHaveCount(0);
  await expect(cancel).toBeInViewport();
  await cancel.click();
  await expect(page.getByRole('status').filter({ hasText: 'Stopped' })).toHaveText('Stopped. Nothing was written; your file is unchanged.');
  await expect(page.getByRole('link', { name: /Download/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Upgrade', exact: true })).toBeVisible();
});

test('a trigger that inserts 4 GB of zeroblobs: the run meets the page\'s memory budget within seconds, says so, and the page goes on', async ({ page }) => {
  const path = writeTemp('zeroblob-trigger.db', zeroblobTriggerDb(open, build('04ae19b32c08')));
  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(path);
  await expect(page.getByRole('heading', { name: 'Ready to upgrade' })).toBeVisible();
  const started = Date.now();
  await clickUpgrade(page);
  const alert = page.getByRole('alert');
  await expect(alert).toHaveAttribute('data-code', 'OUT_OF_MEMORY');
  // Without the budget the tab grew by gigabytes until Chromium ended it. About 9 s on a quiet
  // 2-core machine; 25 s was seen with a benchmark beside the tests, hence the room.
  expect(Date.now() - started).toBeLessThan(45_000);
  await expect(alert).toContainText(
    'The run needed more memory than this page allows (the database may grow by 512 MB past twice its size, SQLite may use 2 GB); nothing was written. If the database really needs more, use the command-line tool entropy-migrate with a higher --memory-limit.',
  );
  await expect(page.getByRole('link', { name: /Download/ })).toHaveCount(0);

  // The same worker then upgrades a good file.
  await page.getByLabel('Open database').setInputFiles(writeTemp('after-budget.db', build('04ae19b32c08')));
  await clickUpgrade(page);
  await expect(page.getByRole('link', { name: 'Download upgraded database' })).toBeVisible();
});

test('a foreign key to a column that is not unique: upgraded, and the receipt names the constraint left out of the check', async ({ page }) => {
  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(writeTemp('fk-mismatch.db', foreignKeyMismatchDb(open, build('04ae19b32c08'))));
  await clickUpgrade(page);
  const link = page.getByRole('link', { name: 'Download upgraded database' });
  await expect(link).toBeVisible();
  await page.getByText('Receipt: steps, rows per table and checks').click();
  await expect(page.locator('ul.checks')).toContainText('Foreign keys SQLite cannot check, left out of that count (see the notes): 1');
  await expect(page.locator('ul.notes')).toContainText(
    'The foreign key lab_notes (experiment_label) to Experiments (label) was not checked: its parent columns are neither a primary key nor unique, so SQLite cannot check it ("foreign key mismatch"); the file is not damaged by that, and every other foreign key was checked.',
  );
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const db = await openBytes(await downloadedBytes(download));
  try {
    expect(db.query('SELECT version_num FROM alembic_version').map((r) => r.version_num)).toEqual([HEAD]);
    expect(db.query('SELECT count(*) AS n FROM lab_notes')[0]!.n).toBeGreaterThan(0);
  } finally {
    db.close();
  }
});

test('the version table spelled Alembic_Version is upgraded and kept as spelled; alembic_version as a view is refused, saying so', async ({ page }) => {
  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(writeTemp('spelled.db', versionTableSpelledDb(open, build('04ae19b32c08'))));
  await clickUpgrade(page);
  const link = page.getByRole('link', { name: 'Download upgraded database' });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const db = await openBytes(await downloadedBytes(download));
  try {
    expect(db.query("SELECT name FROM sqlite_master WHERE lower(name) = 'alembic_version'").map((r) => r.name)).toEqual(['Alembic_Version']);
    expect(db.query('SELECT version_num FROM alembic_version').map((r) => r.version_num)).toEqual([HEAD]);
  } finally {
    db.close();
  }

  await page.getByLabel('Open database').setInputFiles(writeTemp('view.db', versionViewDb(open, build('04ae19b32c08'))));
  const alert = page.getByRole('alert');
  await expect(alert).toHaveAttribute('data-code', 'VERSION_TABLE_IS_VIEW');
  await expect(alert).toContainText(
    'alembic_version is a view in this file, not a table, so no revision can be recorded in it (Alembic fails at its first update too); it was made by hand or by another tool. Nothing was written; replace the view with a table of the same name and run again.',
  );
});
