/**
 * What every page test shares: databases built by the project's own builders in Node, a
 * check of downloaded files in Node, and a guard that fails the test if the page asks
 * anything of another origin or logs an error (a CSP violation would show up there).
 */
import { test as base, expect, type Download, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { model } from '../../migrations/model.ts';
import { buildEntropyDb, type BuildOptions } from '../../migrations/builders/entropy-db.ts';
import { diffSchemas, introspect, readVersions, type DbFile } from '../../src/engine/index.ts';
import { chain, entropy, HEAD, migrate, open, snap, stepsToHead } from '../support/db.ts';
import { snapshot } from '../support/snapshot.ts';

export { chain, HEAD, stepsToHead };

/**
 * How the page names the format of a database at the head: the releases that write it, or
 * its revision while no release has shipped it (the next revision, before its release is set).
 */
export function headFormat(): string {
  const releases = entropy.releasesAt?.(HEAD);
  if (releases) return `what ${releases} use${releases.includes(' to ') ? '' : 's'}`;
  return `revision ${HEAD} (${entropy.releaseOf({ kind: 'at', revisions: [HEAD] })})`;
}

const dir = mkdtempSync(join(tmpdir(), 'entropy-e2e-'));
// One folder per Playwright worker process, gone with it, whether its tests passed or not.
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

export interface BuiltDb {
  readonly path: string;
  readonly bytes: Uint8Array;
}

export async function builtDb(name: string, options: BuildOptions): Promise<BuiltDb> {
  const bytes = buildEntropyDb(open, options);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, bytes };
}

/** The folder the tests' inputs are written to, removed when the process ends. */
export const tempDir = (): string => dir;

export function writeTemp(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

export async function openBytes(bytes: Uint8Array | null): Promise<DbFile> {
  return open(bytes);
}

export function count(db: DbFile, sql: string): number {
  return Number(db.query(sql)[0]!.n);
}

/** Saves a download and returns its bytes. */
export async function downloadedBytes(download: Download): Promise<Uint8Array> {
  const path = join(dir, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  return new Uint8Array(readFileSync(path));
}

/**
 * The page's file must be what the engine makes of the same input in Node (every table's
 * schema and rows), and its schema must be Entropy's declared head schema.
 */
export async function expectUpgradedToHead(output: Uint8Array, input: Uint8Array): Promise<void> {
  const db = open(output);
  try {
    expect(readVersions(db)).toEqual([HEAD]);
    expect(db.query('PRAGMA integrity_check')[0]!.integrity_check).toBe('ok');
    expect(diffSchemas(introspect(db, { skipVersionTable: true }), model).ops).toEqual([]);
    expect(snapshot(db)).toEqual(snap(migrate(input, 'upgrade').bytes));
  } finally {
    db.close();
  }
}

export const test = base.extend<{ offOrigin: string[] }>({
  offOrigin: [
    async ({ page, context, baseURL }, use) => {
      const origin = new URL(baseURL!).origin;
      const offOrigin: string[] = [];
      const problems: string[] = [];
      // The context sees the worker's requests too (the wasm file), not only the page's.
      context.on('request', (request) => {
        const url = request.url();
        const local = url.startsWith('data:') || url.startsWith(`blob:${origin}/`) || new URL(url).origin === origin;
        if (!local) offOrigin.push(url);
      });
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await use(offOrigin);
      expect(offOrigin, 'requests that left the page origin').toEqual([]);
      expect(problems, 'console errors or uncaught exceptions').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * Where screenshots go: test-results/ on every run, so a test run changes no tracked file;
 * docs/screenshots/ (the README's pictures) only with UPDATE_SCREENSHOTS=1.
 */
function shotPath(name: string): string {
  return `${process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/screenshots'}/${name}.png`;
}

export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: shotPath(name), fullPage });
}

/**
 * Presses Upgrade; where the page asks first because only the database is open and that
 * leaves work undone (results Entropy would not show, params.json behind), chooses the
 * database alone, as these tests of the database-only path mean to.
 */
export async function clickUpgrade(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Upgrade', exact: true }).click();
  const alone = page.getByRole('button', { name: 'Upgrade the database alone' });
  if (await alone.count()) await alone.click();
}
