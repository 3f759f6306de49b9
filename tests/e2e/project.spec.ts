/**
 * Whole projects on the page: a project folder chosen through the button is planned in its
 * three parts (database steps, params.json, the HDF5 move), upgraded, and handed back as a zip
 * (unpacked here with fflate and checked against the engine run in Node on the same folder)
 * and, in Chromium, written back into the folder through the File System Access API, with an
 * OPFS folder standing in for the one the picker would give. A database opened alone says
 * what it leaves undone and asks before upgrading alone.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { buildEntropyProject } from '../../migrations/builders/entropy-project.ts';
import { pickled } from '../../migrations/builders/python-values.ts';
import { entropy } from '../../migrations/index.ts';
import { readHdf5, type Dataset } from '../../migrations/hdf5/h5.ts';
import { vlenStringsEqual } from '../../migrations/hdf5/h5-read.ts';
import { folderFromMap, Migrator, readVersions } from '../../src/engine/index.ts';
import { HEAD, open, snap } from '../support/db.ts';
import { snapshot } from '../support/snapshot.ts';
import { expect, test } from './fixtures.ts';
import { openStoppingFolder, projectFolder, upgradeButton } from './views.ts';

const ZIP = 'Download upgraded project (.zip)';

/** Every file below `dir`, by relative POSIX path. */
function filesOf(dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path).split('\\').join('/'), new Uint8Array(readFileSync(path)));
    }
  };
  walk(dir);
  return out;
}

/** What the engine makes of the same project in Node: the .entropy folder after the run. */
async function expectedEntropyFolder(project: string): Promise<Map<string, Uint8Array>> {
  const before = new Map([...filesOf(project)].filter(([p]) => p.startsWith('.entropy/')));
  await entropy.prepare?.();
  const outcome = new Migrator(open, entropy).migrate(before.get('.entropy/entropy.db')!, {
    direction: 'upgrade',
    folder: folderFromMap(new Map([...before].filter(([p]) => entropy.layout.wantsFile(p)))),
  });
  const after = new Map(before);
  for (const change of outcome.files) {
    if (change.kind === 'write') after.set(change.path, change.bytes);
    else after.delete(change.path);
  }
  after.set('.entropy/entropy.db', outcome.bytes);
  return after;
}

/** The upgraded folder must be what the engine makes: same files, same database rows, same bytes elsewhere. */
function expectSameFolder(got: Map<string, Uint8Array>, want: Map<string, Uint8Array>): void {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  const db = open(got.get('.entropy/entropy.db')!);
  try {
    expect(readVersions(db)).toEqual([HEAD]);
    // Nothing left only in SQLite: every result is where Entropy 0.15 reads it.
    expect(Number(db.query('SELECT count(*) AS n FROM Results WHERE saved_in_hdf5 = 0')[0]!.n)).toBe(0);
    expect(snapshot(db)).toEqual(snap(want.get('.entropy/entropy.db')!));
  } finally {
    db.close();
  }
  for (const [path, bytes] of want) {
    if (path.endsWith('.db') || path.endsWith('.hdf5')) continue;
    expect(Buffer.from(got.get(path)!).equals(Buffer.from(bytes)), path).toBe(true);
  }
  // params.json converted: Entropy 0.15.9's format holds pandas Timestamps, the old one does not.
  expect(new TextDecoder().decode(got.get('.entropy/params.json'))).toContain('pandas._libs.tslibs.timestamps.Timestamp');
  for (const rev of ON_PARAMS) expect(got.has(`.entropy/params.json.${rev}.bak`)).toBe(true);
  expect([...got.keys()].filter((p) => /^\.entropy\/hdf5\/\d+\.hdf5$/.test(p)).length).toBeGreaterThan(0);
}

/** The revisions from the folder's 04ae19b32c08 to the head that rewrite params.json alone (each keeps a backup). */
const ON_PARAMS = entropy.chain
  .upgradePath(['04ae19b32c08'], [HEAD])
  .filter((s) => s.changesDatabase === false && s.changesProjectFiles === 'params.json')
  .map((s) => s.revision);

let scratch: string;
test.beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'entropy-project-e2e-'));
});
test.afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('a project folder chosen through the button: three parts in the plan, upgraded, the zip holds the upgraded .entropy folder', async ({ page }) => {
  const project = await projectFolder('lab-zip');
  await page.goto('./');
  await page.getByLabel('Open project folder').setInputFiles(project);
  await expect(upgradeButton(page)).toBeVisible();
  await expect(page.getByTestId('file')).toContainText('Project folder "lab-zip"');
  // The three parts, with counts, in words.
  const plan = page.locator('ul.steps');
  await expect(plan.locator('li[data-revision="9ffd2ba0d5bf"]')).toContainText('Renumber the nodes of experiments');
  await expect(plan.locator(`li[data-revision="${ON_PARAMS.join(' ')}"]`)).toContainText('params.json holds 2 commits (ParamStore version 0.1)');
  await expect(plan.locator('li[data-part="finishing"]')).toContainText(/Moves \d+ results? and \d+ metadata rows? of experiments [\d, ]+ from the database into HDF5 files/);
  await expect(page.getByTestId('left-undone')).toHaveCount(0);

  await upgradeButton(page).click();
  await expect(page.getByRole('heading', { name: 'Your upgraded project is ready' })).toBeVisible();
  await expect(page.locator('ul.changed')).toContainText(/Moved \d+ results? and \d+ metadata rows?/);
  // The page's run reads back what it wrote too, and says so.
  await expect(page.locator('ul.changed')).toContainText(/Every value written was read back first: 2 of 2 params\.json commits, (\d+) of \1 results? and (\d+) of \2 metadata rows? read back and equal\./);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: ZIP }).click()]);
  expect(download.suggestedFilename()).toBe('lab-zip.upgraded.zip');
  const zipPath = join(scratch, 'lab-zip.zip');
  await download.saveAs(zipPath);
  const unzipped = new Map(Object.entries(unzipSync(new Uint8Array(readFileSync(zipPath)))).filter(([p]) => !p.endsWith('/')));
  expectSameFolder(unzipped, await expectedEntropyFolder(project));
  await expect(page.getByTestId('delivery-status')).toHaveText('Downloaded lab-zip.upgraded.zip.');

  // Judged by Entropy 0.15.9 itself where the oracle kit is set up: the unpacked project and
  // the CLI's upgrade of the same folder must look the same to it.
  const kit = join(process.cwd(), '..', 'shared', 'entropy-oracle');
  const usable = existsSync(join(kit, 'env.sh')) && spawnSync('bash', ['-c', `source "${kit}/env.sh" && "$PY" -c "import h5py, pandas"`]).status === 0;
  test.info().annotations.push({ type: 'oracle', description: usable ? 'judged by entropy-view' : 'kit not set up here: not judged by Entropy' });
  if (usable) {
    // As the page tells users: the zip's .entropy folder replaces the project's own.
    const unpacked = join(scratch, 'unpacked');
    cpSync(project, unpacked, { recursive: true });
    rmSync(join(unpacked, '.entropy'), { recursive: true, force: true });
    for (const [path, bytes] of unzipped) {
      mkdirSync(dirname(join(unpacked, path)), { recursive: true });
      writeFileSync(join(unpacked, path), bytes);
    }
    const cli = join(scratch, 'cli');
    execFileSync('node', ['bin/entropy-migrate.mjs', 'upgrade', project, '-o', cli], { env: { ...process.env, TZ: 'UTC' } });
    const run = (args: string) => spawnSync('bash', ['-c', `source "${kit}/env.sh" && ${args}`], { encoding: 'utf8' });
    run(`entropy-view "${unpacked}" "${scratch}/page.json" && entropy-view "${cli}" "${scratch}/cli.json"`);
    const compared = run(`compare-views "${scratch}/cli.json" "${scratch}/page.json"`);
    expect(compared.status, compared.stdout).toBe(0);
  }
});

test('in Chromium, after a confirmation, the upgrade is written back into the folder (an OPFS folder stands in for the picker)', async ({ page }) => {
  const project = await projectFolder('lab-write');
  const before = new Map([...filesOf(project)].filter(([p]) => p.startsWith('.entropy/')));
  await page.addInitScript(() => {
    (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle('lab-write');
  });
  await page.goto('./');
  // The same project in the browser's private file system, where the write-back lands.
  await page.evaluate(async (files) => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('lab-write', { create: true });
    for (const [path, bytes] of files) {
      let dir = root;
      const parts = path.split('/');
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
      const writable = await (await dir.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
      await writable.write(new Uint8Array(bytes));
      await writable.close();
    }
  }, [...before].map(([p, b]) => [p, [...b]] as const));

  await page.getByLabel('Open project folder').setInputFiles(project);
  await upgradeButton(page).click();
  await page.getByRole('button', { name: 'Write it into the folder "lab-write"' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('.entropy/params.json.06140c96c8c4.bak new');
  await dialog.getByRole('button', { name: 'Choose the folder and write' }).click();
  await expect(page.getByTestId('delivery-status')).toContainText('Written into "lab-write"');
  await expect(page.getByTestId('delivery-status')).toContainText(/The files it replaced are kept as they were in \.entropy\/entropy-migrate-backups\/[^ ]+-before-upgrade; "entropy-migrate restore" on the folder puts them back/);

  const written = await page.evaluate(async () => {
    const out: [string, number[]][] = [];
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string) => {
      for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${prefix}${name}/`);
        else out.push([`${prefix}${name}`, [...new Uint8Array(await (await (handle as FileSystemFileHandle).getFile()).arrayBuffer())]]);
      }
    };
    await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('lab-write'), '');
    return out;
  });
  const all = new Map(written.map(([p, b]) => [p, new Uint8Array(b)]));
  // No swap file, half-written file, journal or staging folder is left behind.
  expect([...all.keys()].filter((p) => /\.crswap$|\.tmp\/|entropy-migrate-commit/.test(p))).toEqual([]);
  // The originals it replaced are kept byte for byte, with a manifest restore reads.
  const kept = [...all].filter(([p]) => p.startsWith('.entropy/entropy-migrate-backups/'));
  const manifest = kept.find(([p]) => p.endsWith('/manifest.json'));
  expect(manifest).toBeDefined();
  for (const [path, bytes] of kept.filter(([p]) => p.includes('/files/'))) {
    const original = before.get(path.slice(path.indexOf('/files/') + '/files/'.length));
    expect(original, path).toBeDefined();
    expect(Buffer.from(bytes).equals(Buffer.from(original!)), path).toBe(true);
  }
  expect(kept.filter(([p]) => p.includes('/files/')).map(([p]) => p.split('/files/')[1]).sort()).toEqual(['.entropy/entropy.db', '.entropy/params.json']);
  const got = new Map([...all].filter(([p]) => !p.startsWith('.entropy/entropy-migrate-backups/')));
  expectSameFolder(got, await expectedEntropyFolder(project));
});

test('with no results to move, the zip and the write-back still hold the empty .entropy/hdf5 folder Entropy\'s upgrade always leaves', async ({ page }) => {
  const project = await projectFolder('lab-empty', 0);
  expect(entropy.layout.foldersAfterUpgrade).toContain('.entropy/hdf5');
  await page.addInitScript(() => {
    (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle('lab-empty');
  });
  await page.goto('./');
  await page.evaluate(async (files) => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('lab-empty', { create: true });
    const dir = await root.getDirectoryHandle('.entropy', { create: true });
    for (const [name, bytes] of files) {
      const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
      await writable.write(new Uint8Array(bytes));
      await writable.close();
    }
  }, ['entropy.db', 'params.json'].map((name) => [name, [...readFileSync(join(project, '.entropy', name))]] as const));
  await page.getByLabel('Open project folder').setInputFiles(project);
  await upgradeButton(page).click();
  await expect(page.getByRole('heading', { name: 'Your upgraded project is ready' })).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: ZIP }).click()]);
  const unzipped = unzipSync(new Uint8Array(readFileSync(await download.path())));
  expect(Object.keys(unzipped).filter((p) => p.startsWith('.entropy/hdf5'))).toEqual(['.entropy/hdf5/']);

  await page.getByRole('button', { name: 'Write it into the folder "lab-empty"' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Choose the folder and write' }).click();
  await expect(page.getByTestId('delivery-status')).toContainText('Written into "lab-empty"');
  const entries = await page.evaluate(async () => {
    const entropy = await (await (await navigator.storage.getDirectory()).getDirectoryHandle('lab-empty')).getDirectoryHandle('.entropy');
    const out: string[] = [];
    for await (const [name, handle] of (entropy as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) out.push(`${name}${handle.kind === 'directory' ? '/' : ''}`);
    return out;
  });
  expect(entries).toContain('hdf5/');
});

test("the plan reads an experiment's existing results file for its layout: metadata beside a result there is fine, alone it is warned of", async ({ page }) => {
  // The plan reads existing files unread, a few pieces each, through WORKERFS (h5.ts's
  // readHdf5Unread), which exists only in a worker: this is where that path is checked. A
  // plan that could not read the file would show no warning at all; one that misread it, two.
  await entropy.prepare?.();
  const files = buildEntropyProject(open, {
    at: '04ae19b32c08',
    experiments: 1,
    rows: [
      { entity: 'result', experimentId: 1, stage: 0, label: 'trace', ...pickled(1), savedInHdf5: true },
      { entity: 'metadata', experimentId: 1, stage: 0, label: 'trace', ...pickled(2) },
      { entity: 'metadata', experimentId: 1, stage: 1, label: 'alone', ...pickled(3) },
    ],
  });
  expect(files.has('.entropy/hdf5/1.hdf5')).toBe(true);
  const project = mkdtempSync(join(tmpdir(), 'entropy-e2e-layout-'));
  try {
    for (const [path, bytes] of files) {
      mkdirSync(dirname(join(project, path)), { recursive: true });
      writeFileSync(join(project, path), bytes);
    }
    await page.goto('./');
    await page.getByLabel('Open project folder').setInputFiles(project);
    await expect(upgradeButton(page)).toBeVisible();
    const main = page.getByRole('main');
    await expect(main).toContainText('Experiment 1: metadata at /1/alone has no result beside it');
    await expect(main).not.toContainText('metadata at /0/trace');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test("text as Python decodes it, in Chromium too: a protocol 0 pickle's bytes 0x80 to 0x9F and a leading byte order mark, in a String row and in a label, reach the HDF5 file as Entropy writes them", async ({ page }) => {
  // TextDecoder('latin1') is windows-1252 in browsers (0x80 becomes U+20AC) but not in Node,
  // so only a run in the page shows that the unpickler decodes latin-1 as Python does.
  await entropy.prepare?.();
  const rows = [
    { entity: 'result' as const, experimentId: 1, stage: 0, label: 'p0', data: new Uint8Array([0x56, 0x80, 0x9f, 0xe9, 0x0a, 0x2e]), dataType: 'Pickled' as const },
    { entity: 'result' as const, experimentId: 1, stage: 0, label: 'bom', data: new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), dataType: 'String' as const },
    // sql.js itself decodes a TEXT column with a TextDecoder that drops the mark (src/sqljs/adapter.ts).
    { entity: 'result' as const, experimentId: 1, stage: 0, label: '\ufeffmarked label', data: new Uint8Array([0x62]), dataType: 'String' as const },
  ];
  const project = join(scratch, 'text-edges');
  for (const [path, bytes] of buildEntropyProject(open, { at: '04ae19b32c08', experiments: 1, rows })) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), bytes);
  }
  await page.goto('./');
  await page.getByLabel('Open project folder').setInputFiles(project);
  await upgradeButton(page).click();
  await expect(page.getByRole('heading', { name: 'Your upgraded project is ready' })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: ZIP }).click()]);
  const zipPath = join(scratch, 'text-edges.zip');
  await download.saveAs(zipPath);
  const unzipped = unzipSync(new Uint8Array(readFileSync(zipPath)));
  const want = { '/0/p0/result': [0xc2, 0x80, 0xc2, 0x9f, 0xc3, 0xa9], '/0/bom/result': [0xef, 0xbb, 0xbf, 0x61], '/0/\ufeffmarked label/result': [0x62] };
  readHdf5(unzipped['.entropy/hdf5/1.hdf5']!, (file) => {
    for (const [path, utf8] of Object.entries(want)) {
      const dataset = file.get(path) as Dataset | null;
      expect(dataset, `${path} is in the file`).not.toBeNull();
      expect(vlenStringsEqual(dataset!, dataset!.metadata, [new Uint8Array(utf8)]), path).toBe(true);
    }
  });
});

test('a row the move cannot take (a malformed pickle) is said in the plan, and Upgrade cannot be pressed: the run would stop on it', async ({ page }) => {
  await page.goto('./');
  await openStoppingFolder(page);
  await expect(page.getByTestId('will-stop')).toContainText('Results row 1 (experiment 1, label "broken") holds a pickle on which Entropy\'s own upgrade stops too');
  await expect(upgradeButton(page)).toBeDisabled();
});

test('a folder that is not the opened project is refused, and nothing in it changes', async ({ page }) => {
  const project = await projectFolder('lab-other');
  await page.addInitScript(() => {
    (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () => {
      const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('elsewhere', { create: true });
      const entropy = await root.getDirectoryHandle('.entropy', { create: true });
      const writable = await (await entropy.getFileHandle('entropy.db', { create: true })).createWritable();
      await writable.write('another database');
      await writable.close();
      return root;
    };
  });
  await page.goto('./');
  await page.getByLabel('Open project folder').setInputFiles(project);
  await upgradeButton(page).click();
  await page.getByRole('button', { name: 'Write it into the folder "lab-other"' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Choose the folder and write' }).click();
  await expect(page.getByTestId('delivery-status')).toContainText('is not the project that was opened');
  const names = await page.evaluate(async () => {
    const entropy = await (await (await navigator.storage.getDirectory()).getDirectoryHandle('elsewhere')).getDirectoryHandle('.entropy');
    const out: string[] = [];
    for await (const name of (entropy as unknown as { keys(): AsyncIterable<string> }).keys()) out.push(name);
    return out;
  });
  expect(names).toEqual(['entropy.db']);
});

test('a database opened alone says what that leaves undone, offers the folder, and asks before upgrading alone', async ({ page }) => {
  await page.goto('./');
  await page.getByRole('button', { name: 'Try with a sample' }).click();
  const undone = page.getByTestId('left-undone');
  await expect(undone).toContainText('stay only in the database, where Entropy 0.15 does not show them');
  await expect(undone).toContainText('also change params.json');
  await expect(undone.getByText('Open the project folder instead')).toBeVisible();
  await upgradeButton(page).click();
  const dialog = page.getByRole('dialog', { name: 'Upgrade the database alone?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Open the project folder instead' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Upgrade the database alone' }).click();
  await expect(page.getByRole('link', { name: 'Download upgraded database' })).toBeVisible();
  await expect(page.locator('ul.changed')).toContainText('stay only in the database');
});

test('a folder whose last upgrade in place was interrupted is refused, and the page completes or undoes it with write access', async ({ page }) => {
  const project = await projectFolder('lab-interrupted');
  // A run killed while it prepared its commit: its journal, an empty staging folder and a partial backup.
  const journal = {
    format: 'folder commit 1',
    state: 'preparing',
    owner: { host: null, pid: null },
    started: '2026-12-06T10:00:00.000Z',
    what: { command: 'upgrade', from: ['04ae19b32c08'], to: [HEAD] },
    entries: [],
    folders: [],
    backup: { folder: '.entropy/entropy-migrate-backups/2026-12-06T10-00-00Z-before-upgrade', keep: true },
    staging: ['.entropy/.entropy-migrate-staging.page1.tmp'],
  };
  writeFileSync(join(project, '.entropy', 'entropy-migrate-commit.json'), JSON.stringify(journal));
  mkdirSync(join(project, '.entropy', '.entropy-migrate-staging.page1.tmp'));
  mkdirSync(join(project, journal.backup.folder, 'files'), { recursive: true });
  const files = [...filesOf(project)].filter(([p]) => p.startsWith('.entropy/'));
  await page.addInitScript(() => {
    (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle('lab-interrupted');
  });
  await page.goto('./');
  await page.evaluate(async (list) => {
    const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('lab-interrupted', { create: true });
    for (const [path, bytes] of list) {
      let dir = root;
      const parts = path.split('/');
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
      const writable = await (await dir.getFileHandle(parts.at(-1)!, { create: true })).createWritable();
      await writable.write(new Uint8Array(bytes));
      await writable.close();
    }
    const entropyDir = await root.getDirectoryHandle('.entropy');
    await entropyDir.getDirectoryHandle('.entropy-migrate-staging.page1.tmp', { create: true });
  }, files.map(([p, b]) => [p, [...b]] as const));

  await page.getByLabel('Open project folder').setInputFiles(project);
  const alert = page.getByRole('alert');
  await expect(alert).toHaveAttribute('data-code', 'INTERRUPTED_UPGRADE');
  await expect(upgradeButton(page)).toHaveCount(0);
  await alert.getByRole('button', { name: 'Choose the project folder to complete or undo that upgrade' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'was stopped before it changed anything' })).toContainText('Open the project folder again to upgrade it.');
  const left = await page.evaluate(async () => {
    const names: string[] = [];
    const entropyDir = await (await (await navigator.storage.getDirectory()).getDirectoryHandle('lab-interrupted')).getDirectoryHandle('.entropy');
    for await (const name of (entropyDir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
    return names.sort();
  });
  expect(left.filter((n) => n.includes('entropy-migrate'))).toEqual([]);
});
