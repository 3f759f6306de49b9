import { builtDb, expect, HEAD, headFormat, openBytes, test, writeTemp } from './fixtures.ts';

test('a file that is not SQLite gets a plain sentence and no download', async ({ page }) => {
  const path = writeTemp('notes.db', 'Lab notes, 3 March: calibrated the qubit.\n'.repeat(20));
  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(path);
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText(/^Could not open notes\.dbThis file is not a SQLite database \(it looks like a text file\)/);
  await expect(alert).toHaveAttribute('data-code', 'NOT_SQLITE');
  await expect(alert).toBeInViewport();
  await expect(page.getByRole('link', { name: /Download/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Upgrade', exact: true })).toHaveCount(0);
});

test('a SQLite file that is not Entropy\'s is refused', async ({ page }) => {
  const db = await openBytes(null);
  db.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5)');
  const path = writeTemp('invoices.db', db.export());
  db.close();
  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(path);
  await expect(page.getByRole('alert')).toHaveAttribute('data-code', 'NOT_PROJECT_DB');
  await expect(page.getByRole('alert')).toContainText("not Entropy's");
  await expect(page.getByRole('link', { name: /Download/ })).toHaveCount(0);
});

test('a damaged database is refused', async ({ page }) => {
  const input = await builtDb('cut.db', { at: '04ae19b32c08', experiments: 3 });
  const path = writeTemp('cut-off.db', input.bytes.subarray(0, input.bytes.length - 4096 - 100));
  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(path);
  await expect(page.getByRole('alert')).toHaveAttribute('data-code', 'TRUNCATED');
  await expect(page.getByRole('link', { name: /Download/ })).toHaveCount(0);
});

test('a database already at head says so and offers nothing to run', async ({ page }) => {
  const input = await builtDb('current.db', { at: HEAD, experiments: 2 });
  await page.goto('./');
  await page.getByLabel('Open database').setInputFiles(input.path);
  await expect(page.getByTestId('nothing-to-do')).toHaveText(`Already up to date: this file is in the format that ${headFormat().replace(/^what /, '')}. There is nothing to upgrade.`);
  await expect(page.getByTestId('revision')).toHaveText(HEAD);
  await expect(page.getByRole('button', { name: 'Upgrade', exact: true })).toHaveCount(0);
  await expect(page.locator('ul.steps')).toHaveCount(0);
});
