/**
 * Stamps made ahead of the folder commit (src/cli/stamps-ahead.ts): the same size and SHA-256
 * the commit would read itself, for the very same file only, and none for a file that changed
 * since; the thread ends when it has nothing to read.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, linkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diskFolder } from '../../src/cli/disk-folder.ts';
import { startStampsAhead, type StampsAhead } from '../../src/cli/stamps-ahead.ts';
import { tempDir } from '../support/temp.ts';

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Bytes over several of the thread's 1 MiB pieces, not all alike. */
const content = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + (i >> 12)) & 255);

let stamps: StampsAhead | null = null;
afterEach(() => stamps?.close());

async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !condition(); await new Promise((r) => setTimeout(r, 20))) if (Date.now() > end) throw new Error('timed out');
}

describe('stamps made ahead', () => {
  it('are the size and SHA-256 of the file, also through a hard link to it (a kept backup)', async () => {
    const dir = tempDir('em-stamps-');
    const bytes = content(3 * 2 ** 20 + 5);
    const file = join(dir, 'entropy.db');
    writeFileSync(file, bytes);
    stamps = startStampsAhead();
    stamps.ahead(file);
    linkSync(file, join(dir, 'kept.db'));
    expect(await stamps.take(file)).toEqual({ size: bytes.length, sha256: sha(bytes) });
    expect(await stamps.take(join(dir, 'kept.db'))).toEqual({ size: bytes.length, sha256: sha(bytes) });
    // Another file, never handed over, has none: the commit reads it itself.
    writeFileSync(join(dir, 'other.db'), bytes);
    expect(await stamps.take(join(dir, 'other.db'))).toBeNull();
  });

  it('are not given for a file that changed after it was stamped: in size, or only in time', async () => {
    const dir = tempDir('em-stamps-');
    const [grown, touched] = [join(dir, 'grown.db'), join(dir, 'touched.db')];
    writeFileSync(grown, content(4096));
    writeFileSync(touched, content(4096));
    stamps = startStampsAhead();
    stamps.ahead(grown);
    stamps.ahead(touched);
    await until(() => stamps!.threads === 0);
    appendFileSync(grown, 'x');
    // The same bytes rewritten would keep the size; its time is what moves.
    utimesSync(touched, new Date(), new Date(Date.now() + 5000));
    expect(await stamps.take(grown)).toBeNull();
    expect(await stamps.take(touched)).toBeNull();
  });

  it('come from the bytes written, for a file the run wrote from memory, and only while it holds just those', async () => {
    const dir = tempDir('em-stamps-');
    const bytes = content(10_000);
    const [kept, short] = [join(dir, '1.kept'), join(dir, '2.kept')];
    writeFileSync(kept, bytes);
    writeFileSync(short, bytes.subarray(1));
    stamps = startStampsAhead();
    stamps.written(kept, bytes);
    stamps.written(short, bytes);
    expect(stamps.threads).toBe(0);
    expect(await stamps.take(kept)).toEqual({ size: bytes.length, sha256: sha(bytes) });
    expect(await stamps.take(short)).toBeNull();
  });

  it('are read by a thread that ends when it has read everything, and starts again for the next file', async () => {
    const dir = tempDir('em-stamps-');
    const [a, b] = [join(dir, 'a.db'), join(dir, 'b.db')];
    writeFileSync(a, content(2 ** 20));
    writeFileSync(b, content(2 ** 19));
    stamps = startStampsAhead();
    stamps.ahead(a);
    expect(stamps.threads).toBe(1);
    await until(() => stamps!.threads === 0);
    stamps.ahead(b);
    expect(await stamps.take(b)).toEqual({ size: 2 ** 19, sha256: sha(content(2 ** 19)) });
    expect(await stamps.take(a)).toEqual({ size: 2 ** 20, sha256: sha(content(2 ** 20)) });
    await until(() => stamps!.threads === 0);
  });

  it('after close, are none: the commit reads the files itself', async () => {
    const dir = tempDir('em-stamps-');
    const file = join(dir, 'a.db');
    writeFileSync(file, content(2 ** 22));
    stamps = startStampsAhead();
    stamps.ahead(file);
    stamps.close();
    expect(stamps.threads).toBe(0);
    expect(await stamps.take(file)).toBeNull();
    stamps.ahead(file);
    expect(await stamps.take(file)).toBeNull();
  });

  it('are what the disk folder gives the commit, and it reads a file itself when there is none', async () => {
    const dir = tempDir('em-stamps-');
    writeFileSync(join(dir, 'a.db'), content(5000));
    writeFileSync(join(dir, 'b.db'), content(6000));
    // A stamp that is not the file's: seen in what the folder answers, so it was the one used.
    const told = { size: 1, sha256: 'told' };
    const fake: StampsAhead = { ahead: () => {}, written: () => {}, take: async (path) => (path.endsWith('a.db') ? told : null), close: () => {}, threads: 0 };
    const folder = diskFolder(dir, dir, fake);
    expect(await folder.stamp('a.db')).toEqual(told);
    expect(await folder.stamp('b.db')).toEqual({ size: 6000, sha256: sha(content(6000)) });
  });
});
