/**
 * Big buffers let go of as soon as nothing reads them (src/engine/release-bytes.ts): the
 * opened file's storage once VACUUM has moved the file out of it, or at close; a staged
 * database copy once a keeper has it. Node 20 has no ArrayBuffer.prototype.transfer (the
 * browsers the page runs in do), so these tests put in a stand-in that detaches the buffer as
 * transfer does; a detached buffer's byteLength is 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseBytes, StagedFiles, trimBytes, type FileKeeper } from '../../src/engine/index.ts';
import { handOverBuffer } from '../../src/sqljs/node.ts';
import { open } from '../support/db.ts';

type WithTransfer = { transfer?: (length?: number) => ArrayBuffer };
const proto = ArrayBuffer.prototype as WithTransfer;
const native = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'transfer');

beforeAll(() => {
  if (native) return;
  Object.defineProperty(ArrayBuffer.prototype, 'transfer', {
    configurable: true,
    value(this: ArrayBuffer, length = this.byteLength) {
      // structuredClone with transfer moves the memory and detaches the original, as transfer does.
      const moved = structuredClone(this, { transfer: [this] });
      return length === moved.byteLength ? moved : moved.slice(0, length);
    },
  });
});
afterAll(() => {
  if (!native) delete proto.transfer;
});

/** A database of `rows` rows of 4 KiB, as bytes handed over to the opener; and its storage. */
function handedOverDatabase(rows: number): { bytes: Uint8Array; storage: Uint8Array } {
  const db = open(null);
  db.exec(`CREATE TABLE t (data BLOB); INSERT INTO t SELECT randomblob(4096) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows}) SELECT i FROM n)`);
  const exported = db.export();
  db.close();
  const bytes = handOverBuffer(exported.length);
  bytes.set(exported);
  return { bytes, storage: (bytes as Uint8Array & { storage: Uint8Array }).storage };
}

describe('releasing what nothing reads any more', () => {
  it('frees the opened file storage after a VACUUM that shrank the file, and the database stays whole', () => {
    const { bytes, storage } = handedOverDatabase(600);
    const db = open(bytes);
    db.exec('DELETE FROM t WHERE rowid > 100');
    db.exec('VACUUM');
    expect(storage.byteLength).toBe(0);
    expect(db.query('SELECT count(*) AS n FROM t')[0]!.n).toBe(100);
    expect(db.query('PRAGMA integrity_check')[0]!.integrity_check).toBe('ok');
    db.exec('INSERT INTO t SELECT randomblob(4096) FROM t');
    expect(db.query('SELECT count(*) AS n FROM t')[0]!.n).toBe(200);
    db.close();
  });

  it.each([
    ['told the database will grow, moves a file a VACUUM shrank into storage with room: pages added later are written there, not into a copy MEMFS makes', true],
    ['not told, leaves it where MEMFS put it (the database alone would pay an export for nothing)', false],
  ])('%s', (_, told) => {
    const { bytes } = handedOverDatabase(600);
    const db = open(bytes);
    db.exec('DELETE FROM t WHERE rowid > 100');
    db.exec('VACUUM');
    if (told) db.prepareToGrow!();
    db.exec('INSERT INTO t SELECT randomblob(4096) FROM t LIMIT 20');
    const file = db.export();
    // What close frees, as it was: the storage of our own the file is in, if any.
    const freed: Uint8Array[] = [];
    const transfer = proto.transfer!;
    const record = (value: typeof transfer) => Object.defineProperty(ArrayBuffer.prototype, 'transfer', { configurable: true, writable: false, value });
    record(function (this: ArrayBuffer, length?: number) {
      freed.push(new Uint8Array(this.slice(0)));
      return transfer.call(this, length);
    });
    try {
      db.close();
    } finally {
      record(transfer);
    }
    const storage = freed.find((b) => b.length > file.length);
    expect(storage !== undefined).toBe(told);
    // From the end of the header on (export's copy has its own change counter).
    if (told) expect(Buffer.from(storage!.subarray(100, file.length)).equals(Buffer.from(file.subarray(100)))).toBe(true);
  });

  it("keeps the connection's settings through that reopening, and a connection with temporary tables as it is", () => {
    const { bytes } = handedOverDatabase(600);
    const db = open(bytes);
    const pragma = (name: string) => db.query(`PRAGMA ${name}`)[0]![name];
    db.exec('PRAGMA foreign_keys = OFF; PRAGMA max_page_count = 5000; PRAGMA recursive_triggers = ON');
    db.exec('DELETE FROM t WHERE rowid > 100');
    db.exec('VACUUM');
    db.prepareToGrow!();
    expect([pragma('foreign_keys'), pragma('max_page_count'), pragma('recursive_triggers'), pragma('journal_mode')]).toEqual([0, 5000, 1, 'off']);
    db.exec('CREATE TEMP TABLE scratch (x); INSERT INTO scratch VALUES (1)');
    db.exec('DELETE FROM t WHERE rowid > 10');
    db.exec('VACUUM');
    db.prepareToGrow!();
    expect(db.query('SELECT count(*) AS n FROM scratch')[0]!.n).toBe(1);
    expect(db.query('SELECT count(*) AS n FROM t')[0]!.n).toBe(10);
    db.close();
  });

  it('keeps the storage through a VACUUM that did not shrink the file (MEMFS still reads it), and frees it at close', () => {
    const { bytes, storage } = handedOverDatabase(300);
    const length = storage.byteLength;
    const db = open(bytes);
    db.exec('VACUUM');
    expect(storage.byteLength).toBe(length);
    expect(db.query('SELECT count(*) AS n FROM t')[0]!.n).toBe(300);
    expect(db.query('PRAGMA integrity_check')[0]!.integrity_check).toBe('ok');
    db.close();
    expect(storage.byteLength).toBe(0);
  });

  it('never frees bytes the caller did not hand over: its own buffer stays as it was', () => {
    const { bytes } = handedOverDatabase(200);
    const own = new Uint8Array(bytes);
    const before = Buffer.from(own);
    const db = open(own);
    db.exec('DELETE FROM t');
    db.exec('VACUUM');
    db.close();
    expect(own.byteLength).toBe(bytes.length);
    expect(Buffer.from(own).equals(before)).toBe(true);
  });

  it('frees only whole buffers, and trims a view into one of its own', () => {
    const whole = new Uint8Array(64).fill(7);
    releaseBytes(whole);
    expect(whole.byteLength).toBe(0);
    const outer = new Uint8Array(64);
    releaseBytes(outer.subarray(8));
    releaseBytes(outer.subarray(0, 8));
    expect(outer.byteLength).toBe(64);
    const storage = new Uint8Array(64).fill(3);
    const trimmed = trimBytes(storage, 10);
    expect(trimmed.buffer.byteLength).toBe(10);
    expect([...trimmed]).toEqual(new Array(10).fill(3));
    expect(storage.byteLength).toBe(0);
  });

  it('frees a file a source read anew once the reader is done with it, and never what a source or the staging still holds', () => {
    const shared = new Uint8Array(8).fill(1);
    const sharing = new StagedFiles({ list: () => ['a'], read: () => shared });
    sharing.doneReading(sharing.read('a')!);
    expect(shared.byteLength).toBe(8);

    const copying = new StagedFiles({ list: () => ['a', 'b'], read: () => new Uint8Array(8).fill(2), readsCopies: true });
    const copy = copying.read('a')!;
    copying.doneReading(copy);
    expect(copy.byteLength).toBe(0);
    const written = new Uint8Array(8).fill(3);
    copying.write('b', written);
    copying.doneReading(copying.read('b')!);
    expect(written.byteLength).toBe(8);
  });

  it("frees a database copy once a keeper holds it, and keeps it when it is staged in memory", () => {
    const kept: Uint8Array[] = [];
    const keeper: FileKeeper = { keep: (_path, bytes) => (kept.push(bytes.slice()), String(kept.length - 1)), readBack: (from) => kept[Number(from)]! };
    const folder = { list: () => [], read: () => null };
    const copy = new Uint8Array(32).fill(5);
    new StagedFiles(folder, keeper).writeOwned('.entropy/entropy.bak.db', copy);
    expect(copy.byteLength).toBe(0);
    expect(kept[0]).toEqual(new Uint8Array(32).fill(5));
    const inMemory = new Uint8Array(32).fill(6);
    const staged = new StagedFiles(folder, null);
    staged.writeOwned('.entropy/entropy.bak.db', inMemory);
    expect(staged.read('.entropy/entropy.bak.db')).toEqual(new Uint8Array(32).fill(6));
  });
});
