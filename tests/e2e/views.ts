/**
 * Ways to bring the page into each of its views, shared by the layout, accessibility and
 * screenshot tests: start, plan (sample, a filled file, a project folder), running (held),
 * done, error, a run that failed at a step, a project the run would stop on, and the
 * downgrade confirmation.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { nodeWithoutStartDb } from '../../migrations/builders/damage.ts';
import { buildParamsJson } from '../../migrations/builders/params-json.ts';
import { open } from '../support/db.ts';
import { buildEntropyProject } from '../../migrations/builders/entropy-project.ts';
import { builtDb, clickUpgrade, HEAD, tempDir, writeTemp } from './fixtures.ts';

export const upgradeButton = (page: Page): Locator => page.getByRole('button', { name: 'Upgrade', exact: true });

/** Chooses a target under Advanced: picking an option alone changes nothing, the button plans. */
export async function planFor(page: Page, target: string): Promise<void> {
  const select = page.getByLabel('Target revision');
  if (!(await select.isVisible())) await page.getByText('Advanced: another target revision').click();
  await select.selectOption(target);
  await page.getByRole('button', { name: 'Plan for this revision' }).click();
  await expect(page.getByRole('heading', { name: /^Ready to|^Nothing to change/ })).toBeFocused();
}

export async function openSample(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Try with a sample' }).click();
  await expect(upgradeButton(page)).toBeVisible();
}

/** A file with many experiments and rows at Entropy 0.2.0's revision: the longest plan. */
export async function openFilled(page: Page): Promise<void> {
  const input = await builtDb('filled.db', { at: '04ae19b32c08', experiments: 60, rowsPerExperiment: 12, seed: 21 });
  await page.getByLabel('Open database file').setInputFiles(input.path);
  await expect(upgradeButton(page)).toBeVisible();
}

/**
 * An Entropy project folder as the folder button chooses it: the database at Entropy 0.2.0's
 * revision with every row in SQLite (none kept in HDF5 files), params.json as Entropy 0.2 to 0.6 wrote it, and
 * a file of the user's beside .entropy.
 */
export async function projectFolder(name: string, experiments = 8): Promise<string> {
  const input = await builtDb(`${name}.db`, { at: '04ae19b32c08', experiments, rowsPerExperiment: 6, savedInHdf5Share: 0, seed: 31 });
  const project = join(dirname(input.path), name);
  mkdirSync(join(project, '.entropy'), { recursive: true });
  writeFileSync(join(project, '.entropy', 'entropy.db'), input.bytes);
  writeFileSync(join(project, '.entropy', 'params.json'), buildParamsJson({ seed: 31, style: 'v0.1', commits: 2 }));
  writeFileSync(join(project, 'analysis.py'), 'print("hello")\n');
  return project;
}

export async function openFolder(page: Page, name = 'my-experiment'): Promise<void> {
  await page.getByLabel('Open project folder').setInputFiles(await projectFolder(name));
  await expect(upgradeButton(page)).toBeVisible();
}

/**
 * A project folder whose one waiting result is a malformed pickle, on which the HDF5 move
 * (Entropy's own too) stops: the plan says so and Upgrade cannot be pressed.
 */
export async function openStoppingFolder(page: Page): Promise<void> {
  const rows = [{ entity: 'result' as const, experimentId: 1, stage: 0, label: 'broken', data: new Uint8Array([0x80, 0x04, 0xff, 0x00]), dataType: 'Pickled' as const }];
  const project = join(tempDir(), 'broken-pickle');
  for (const [path, bytes] of buildEntropyProject(open, { at: '04ae19b32c08', experiments: 1, rows })) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), bytes);
  }
  await page.getByLabel('Open project folder').setInputFiles(project);
  await expect(page.getByRole('heading', { name: 'Cannot upgrade as it is' })).toBeVisible();
}

export async function openBad(page: Page): Promise<void> {
  await page.getByLabel('Open database file').setInputFiles(writeTemp('notes.db', 'Lab notes, 3 March: calibrated the qubit.\n'.repeat(20)));
  await expect(page.getByRole('alert')).toBeVisible();
}

/** A hand-edited file whose upgrade fails at a step: the alert, and the plan marked where each step ended. */
export async function openFailingRun(page: Page): Promise<void> {
  const { bytes } = await builtDb('pre-alembic.db', { at: 'pre-alembic' });
  await page.getByLabel('Open database file').setInputFiles(writeTemp('hand-edited.db', nodeWithoutStartDb(open, bytes)));
  await clickUpgrade(page);
  await expect(page.locator('.steps li[data-status="failed"]')).toBeVisible();
}

/**
 * Holds the next call the page makes of its worker for `ms`: the page's next postMessage to a
 * worker is sent that much later (the worker runs a call in one go once it has it, so holding
 * the worker itself would only delay the answer). The page stays responsive and shows its
 * running view meanwhile, as it does while a big file is read. No product code is involved.
 */
export async function holdNextWorkerCall(page: Page, ms: number): Promise<void> {
  await page.evaluate((hold) => {
    const proto = Worker.prototype as { postMessage: (...args: unknown[]) => void };
    const post = proto.postMessage;
    proto.postMessage = function (this: Worker, ...args: unknown[]) {
      proto.postMessage = post;
      setTimeout(() => post.apply(this, args), hold);
    };
  }, ms);
}

/** Starts a run and leaves the running view on screen for a while. */
export async function startHeldRun(page: Page, ms = 4000): Promise<void> {
  await holdNextWorkerCall(page, ms);
  await clickUpgrade(page);
  await expect(page.getByRole('heading', { name: 'Upgrading' })).toBeVisible();
}

export async function runToDone(page: Page): Promise<void> {
  await clickUpgrade(page);
  const database = page.getByRole('link', { name: /Download (up|down)graded database/ });
  await expect(database.or(page.getByRole('button', { name: 'Download upgraded project (.zip)' }))).toBeVisible();
}

/** A database at head, downgraded under Advanced: the confirmation shows what it deletes. */
export async function openDowngradeConfirmation(page: Page): Promise<void> {
  const input = await builtDb('current.db', { at: HEAD, experiments: 3, seed: 9 });
  await page.getByLabel('Open database file').setInputFiles(input.path);
  await planFor(page, '04ae19b32c08');
  await page.getByRole('button', { name: 'Downgrade to 04ae19b32c08' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
}

/** How far the page is wider than the window (0 or less: no horizontal scrolling). */
export function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Opens every folded part of the view (details, the SQL, Advanced) so nothing hides from a check. */
export async function openAllDetails(page: Page): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await page.evaluate(() => document.querySelectorAll('details:not([open])').forEach((d) => ((d as HTMLDetailsElement).open = true)));
  }
}
