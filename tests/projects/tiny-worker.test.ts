/**
 * The second project through the page's worker (src/worker/api.ts, with sql.js in Node
 * standing in for the browser's, as tests/worker does): the worker is handed Tiny and its
 * sample exactly as its entry hands it Entropy, and speaks Tiny's words, runs Tiny's chain,
 * its file revision and its finishing work, and zips Tiny's folder.
 */
import { unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { readVersions } from '../../src/engine/index.ts';
import { open } from '../support/db.ts';
import { buildTinyDb } from './tiny/build.ts';
import { NOTES, tiny } from './tiny/index.ts';

// The browser's loader fetches the wasm by URL; in Node the installed package serves.
vi.mock('../../src/sqljs/browser.ts', async () => {
  const { nodeOpener } = await import('../../src/sqljs/node.ts');
  const memfs = await import('../../src/sqljs/memfs-input.ts');
  return { browserOpener: nodeOpener, ...memfs };
});
const { workerApi } = await import('../../src/worker/api.ts');

/**
 * A Blob whose bytes a synchronous read can reach: a run reads the folder's files inside one
 * synchronous call, with the FileReaderSync only a worker has; Node has none, so the test
 * stands one in that reads these (and their slices).
 */
class HeldBlob extends Blob {
  constructor(readonly held: Uint8Array) {
    super([held as Uint8Array<ArrayBuffer>]);
  }

  override slice(start = 0, end = this.held.length): HeldBlob {
    return new HeldBlob(this.held.slice(start, end));
  }
}
vi.stubGlobal(
  'FileReaderSync',
  class {
    readAsArrayBuffer(file: Blob): ArrayBuffer {
      if (!(file instanceof HeldBlob)) throw new Error('only the files this test holds read synchronously');
      return file.held.slice().buffer;
    }
  },
);

const blob = (bytes: Uint8Array | string) => new HeldBlob(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
const bytesOf = async (file: Blob) => new Uint8Array(await file.arrayBuffer());
const versionsOf = (bytes: Uint8Array) => {
  const db = open(bytes);
  try {
    return readVersions(db);
  } finally {
    db.close();
  }
};

/** The worker for Tiny, with its sample: two samples at Tiny's first revision. */
const api = () => workerApi(tiny, { name: 'sample-tiny.db', at: 'a1a1a1a1a1a1', build: (opener) => buildTinyDb(opener, { at: 'a1a1a1a1a1a1' }) });

describe("a second project through the page's worker", () => {
  it("tells the page Tiny's name, places and revisions, in Tiny's words", () => {
    const about = api().project();
    expect(about.revisions.map((r) => [r.revision, r.release, r.writtenBy, r.changesProjectFiles])).toEqual([
      ['a1a1a1a1a1a1', '1.0', 'Tiny a1a1a1a1a1a1', null],
      ['b2b2b2b2b2b2', '2.0', 'Tiny b2b2b2b2b2b2', 'notes.txt'],
    ]);
    // The page names no project: everything it says of one comes from here.
    expect({ ...about, revisions: [] }).toEqual({
      name: 'Tiny',
      aName: 'a Tiny',
      database: 'lab/tiny.db',
      backups: 'lab/entropy-migrate-backups',
      words: null,
      revisions: [],
      sample: { writtenBy: 'Tiny a1a1a1a1a1a1' },
    });
    // It crosses to the page as data (structured clone), as Comlink sends it.
    expect(structuredClone(about)).toEqual(about);
  });

  it('opens the sample, plans in its titles, says what the database alone leaves undone, and upgrades it', async () => {
    const worker = api();
    const sample = await worker.sample();
    expect(sample.ok).toBe(true);
    if (!sample.ok) return;
    expect(sample.value.name).toBe('sample-tiny.db');
    const opened = await worker.inspect(sample.value.file);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const { preview } = opened.value;
    expect(preview.plan.steps.map((s) => [s.revision, s.title])).toEqual([['b2b2b2b2b2b2', 'Weigh samples']]);
    expect(preview.statements[0]).toContain('ALTER TABLE samples ADD COLUMN weight REAL');
    expect(preview.leftUndone).toContain('2 sample(s) stay unarchived.');

    const upgraded = await worker.upgrade('heads');
    expect(upgraded.ok).toBe(true);
    if (!upgraded.ok) return;
    expect(upgraded.value.result.to).toEqual(['b2b2b2b2b2b2']);
    expect(upgraded.value.files).toEqual([]);
    expect(versionsOf(await bytesOf(upgraded.value.file))).toEqual(['b2b2b2b2b2b2']);

    // And back, with Tiny's undo title in the plan.
    expect((await worker.inspect(upgraded.value.file)).ok).toBe(true);
    const down = await worker.plan('a1a1a1a1a1a1');
    expect(down.ok && down.value.plan.steps.map((s) => s.title)).toEqual(['Forget the weights']);
  });

  it("upgrades a whole Tiny folder: its file revision and finishing work, zipped from Tiny's folder", async () => {
    const worker = api();
    const db = buildTinyDb(open, { at: 'a1a1a1a1a1a1', samples: ['alpha', 'beta'] });
    const folder: [string, Blob][] = [
      ['lab/tiny.db', blob(db)],
      [NOTES, blob('calibrate before use\n')],
      ['README.txt', blob("not the project's")],
    ];
    const opened = await worker.inspect(folder[0]![1], folder);
    expect(opened.ok ? null : opened.error).toBeNull();
    if (!opened.ok) return;
    expect(opened.value.preview.whole).toBe(true);
    expect(opened.value.preview.finishing).toEqual([{ title: 'Archiving samples', changes: ['moves 2 sample(s) into lab/archive/'], warnings: [], stops: null }]);

    const upgraded = await worker.upgrade('heads');
    expect(upgraded.ok ? null : upgraded.error).toBeNull();
    if (!upgraded.ok) return;
    expect(upgraded.value.files.map((f) => [f.path, f.kind, f.existed]).sort()).toEqual([
      ['lab/archive/1.txt', 'write', false],
      ['lab/archive/2.txt', 'write', false],
      ['lab/notes.txt', 'write', true],
      ['lab/notes.txt.b2b2b2b2b2b2.bak', 'write', false],
      ['lab/tiny.before-weights.db', 'write', false],
    ]);

    const zip = await worker.zip(upgraded.value.run);
    expect(zip.ok).toBe(true);
    if (!zip.ok) return;
    const entries = unzipSync(await bytesOf(zip.value));
    // The database's folder, upgraded; nothing from outside it.
    expect(Object.keys(entries).sort()).toEqual([
      'lab/archive/1.txt',
      'lab/archive/2.txt',
      'lab/notes.txt',
      'lab/notes.txt.b2b2b2b2b2b2.bak',
      'lab/tiny.before-weights.db',
      'lab/tiny.db',
    ]);
    const text = (path: string) => new TextDecoder().decode(entries[path]);
    expect(text('lab/notes.txt')).toBe('CALIBRATE BEFORE USE\n');
    expect(text('lab/archive/2.txt')).toBe('beta');
    expect(versionsOf(entries['lab/tiny.db']!)).toEqual(['b2b2b2b2b2b2']);
    expect(versionsOf(entries['lab/tiny.before-weights.db']!)).toEqual(['a1a1a1a1a1a1']);
  });

  it("refuses another program's database in Tiny's words", async () => {
    const other = open(null);
    other.exec('CREATE TABLE invoices (id INTEGER)');
    const bytes = other.export();
    other.close();
    const opened = await api().inspect(blob(bytes));
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.error.message).toContain("not Tiny's");
  });
});
