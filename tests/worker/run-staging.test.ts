/**
 * The page's run staging (src/worker/run-staging.ts) on a stand-in for OPFS: kept files come
 * back byte for byte, during the run and as Blobs after it; a whole-project upgrade kept there
 * hands the zip and the write-back the same files as one kept in memory; the run's folder goes
 * when the run is dropped, and a sweep removes the folders nobody holds, not a live one.
 */
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { buildEntropyProject, rowMix } from '../../migrations/builders/entropy-project.ts';
import { entropy } from '../../migrations/index.ts';
import { folderFromMap, MigrateError, Migrator } from '../../src/engine/index.ts';
import { openRunStaging, STAGING, sweepStaging } from '../../src/worker/run-staging.ts';
import { projectResult, zipProject } from '../../src/worker/project-folder.ts';
import { open } from '../support/db.ts';
import { FakeDirectory, FakeFile, FakeLocks } from './fake-opfs.ts';

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const staged = (root: FakeDirectory) => (root.entries.get(STAGING) as FakeDirectory | undefined)?.entries ?? new Map();

describe("the page's run staging in OPFS", () => {
  it('keeps files out of memory and gives them back, during the run and as Blobs after it', async () => {
    const root = new FakeDirectory();
    const staging = await openRunStaging(root, new FakeLocks(), 'run-a');
    const files = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(5000).map((_, i) => i % 251)];
    const names = files.map((bytes, i) => staging.keep(`.entropy/hdf5/${i}.hdf5`, bytes));
    expect(new Set(names).size).toBe(3);
    names.forEach((name, i) => expect(staging.readBack(name)).toEqual(files[i]));
    expect(names.map((name) => staging.size(name))).toEqual([3, 0, 5000]);
    // Kept on "disk": one file in the run's folder holds them all.
    const kept = (staged(root).get('run-a') as FakeDirectory).entries.get('kept') as FakeFile;
    expect(kept.bytes.length).toBe(5003);
    await staging.seal();
    expect(kept.open).toBe(false);
    for (const [i, name] of names.entries()) expect(await bytesOf(staging.blob(name))).toEqual(files[i]);
    expect(() => staging.keep('late', new Uint8Array(1))).toThrow(/over/);
  });

  it('says in one sentence, naming the file, when the browser has no room left', async () => {
    const root = new FakeDirectory();
    const staging = await openRunStaging(root, new FakeLocks(), 'run-full');
    ((staged(root).get('run-full') as FakeDirectory).entries.get('kept') as FakeFile).room = 10;
    staging.keep('.entropy/params.json', new Uint8Array(8));
    let error: unknown;
    try {
      staging.keep('.entropy/hdf5/7.hdf5', new Uint8Array(8));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MigrateError);
    expect((error as MigrateError).code).toBe('IO');
    expect((error as MigrateError).message).toMatch(/^The browser could not keep the upgraded \.entropy\/hdf5\/7\.hdf5 in its storage for this site \(.*Quota exceeded.*\); nothing was written\./);
    await staging.drop();
  });

  it('removes the run folder when dropped, and a sweep removes only the folders nobody holds', async () => {
    const root = new FakeDirectory();
    const locks = new FakeLocks();
    const live = await openRunStaging(root, locks, 'run-live');
    const name = live.keep('a', new Uint8Array([1]));
    // Its run is over and its result awaits delivery: only its lock keeps it (no handle is open).
    await live.seal();
    // A tab that closed left its folder behind, holding no lock any more.
    const stale = await (await root.getDirectoryHandle(STAGING)).getDirectoryHandle('run-stale', { create: true });
    await stale.getFileHandle('kept', { create: true });
    await sweepStaging(root, locks);
    expect([...staged(root).keys()]).toEqual(['run-live']);
    expect(await bytesOf(live.blob(name))).toEqual(new Uint8Array([1]));
    await live.drop();
    expect([...staged(root).keys()]).toEqual([]);
    expect(locks.held.size).toBe(0);
  });

  it('gives the zip and the write-back the same files for a whole-project upgrade as a run that keeps them in memory', async () => {
    await entropy.prepare?.();
    const project = buildEntropyProject(open, {
      at: '04ae19b32c08',
      experiments: 4,
      rows: rowMix({ experiments: [1, 2, 3, 4], perExperiment: 12, savedShare: 0.5, seed: 21 }),
      params: 'v0.1',
      paramsCommits: 2,
    });
    const run = (keepFiles?: Parameters<Migrator['migrate']>[1]['keepFiles']) =>
      new Migrator(open, entropy).migrate(project.get('.entropy/entropy.db')!, {
        direction: 'upgrade',
        folder: folderFromMap(new Map([...project].filter(([p]) => entropy.layout.wantsFile(p)))),
        ...(keepFiles ? { keepFiles } : {}),
      });
    const inMemory = run();
    const root = new FakeDirectory();
    const staging = await openRunStaging(root, new FakeLocks(), 'run-project');
    // What the run handed the keeper, to compare with what the zip and the write-back are given.
    const handed = new Map<string, Uint8Array>();
    const onDisk = run({ keep: (path, bytes) => (handed.set(path, bytes.slice()), staging.keep(path, bytes)), readBack: (from) => staging.readBack(from) });
    // As the page's run does (src/worker/run.ts), the new database is the staging's last file.
    const databaseKept = staging.keep('.entropy/entropy.db', inMemory.bytes);
    await staging.seal();
    const what = { command: 'upgrade' as const, from: inMemory.result.from, to: inMemory.result.to };
    const database = new Blob([inMemory.bytes as Uint8Array<ArrayBuffer>]);
    const memoryResult = projectResult('.entropy/entropy.db', database, inMemory.files, [], what);
    const stagedResult = projectResult('.entropy/entropy.db', staging.blob(databaseKept), onDisk.files, [], what, (from) => staging.blob(from), databaseKept);
    expect(stagedResult.keptAs.size).toBe(onDisk.files.filter((f) => f.kind === 'place').length + 1);
    // The run kept every file it wrote on "disk": none came back as bytes.
    expect(onDisk.files.filter((f) => f.kind === 'write')).toEqual([]);
    expect(onDisk.files.filter((f) => f.kind === 'place').length).toBeGreaterThan(3);
    expect([...stagedResult.changes.keys()]).toEqual([...memoryResult.changes.keys()]);
    expect([...stagedResult.replaces].sort()).toEqual([...memoryResult.replaces].sort());
    for (const [path, blob] of memoryResult.changes) {
      const got = stagedResult.changes.get(path)!;
      if (blob === null) expect(got).toBeNull();
      else {
        expect(Buffer.from(await bytesOf(got!)).equals(Buffer.from(handed.get(path)!)), path).toBe(true);
        // HDF5 files carry the time they were written, so two runs differ there; the rest is byte for byte.
        if (path.endsWith('.hdf5')) expect(got!.size, path).toBe(blob.size);
        else expect(Buffer.from(await bytesOf(got!)).equals(Buffer.from(await bytesOf(blob))), path).toBe(true);
      }
    }
    // The zip made on "disk" holds what the zip made in memory holds, entry for entry and byte
    // for byte (each zip stamps its entries with the time it is made, so the archives themselves
    // differ when they are made in different seconds).
    const picked = new Map([...project].map(([path, bytes]) => [path, new Blob([bytes as Uint8Array<ArrayBuffer>])]));
    const zipped = await zipProject(picked, stagedResult, await staging.output());
    const entries = async (zip: Blob) => Object.entries(unzipSync(await bytesOf(zip))).map(([name, bytes]) => [name, Buffer.from(bytes).toString('base64')]);
    expect(await entries(zipped)).toEqual(await entries(await zipProject(picked, stagedResult)));
    expect(((staged(root).get('run-project') as FakeDirectory).entries.get('output-1') as FakeFile).bytes.length).toBe(zipped.size);
    // Read from disk by the kept reader rather than through the Blobs: the same entries.
    const reader = (await staging.reader())!;
    const fromDisk = await zipProject(picked, stagedResult, await staging.output(), reader);
    reader.close();
    expect(await entries(fromDisk)).toEqual(await entries(zipped));
    await staging.drop();
    expect(staged(root).size).toBe(0);
  });

  it('reads kept files from disk a piece at a time into one buffer, one reader at a time', async () => {
    const root = new FakeDirectory();
    const staging = await openRunStaging(root, new FakeLocks(), 'run-read');
    const files = [new Uint8Array([1, 2, 3, 4, 5]), new Uint8Array(0), new Uint8Array([6, 7, 8])];
    const names = files.map((bytes, i) => staging.keep(`f${i}`, bytes));
    await expect(staging.reader()).rejects.toThrow(/not over/);
    await staging.seal();
    const reader = (await staging.reader())!;
    const read = (name: string, stopAfter = Infinity) => {
      const pieces: number[][] = [];
      const buffers = new Set<ArrayBufferLike>();
      const size = reader.pieces(name, 2, (piece) => (pieces.push([...piece]), buffers.add(piece.buffer), pieces.length < stopAfter));
      return { size, pieces, buffers: buffers.size };
    };
    expect(read(names[0]!)).toEqual({ size: 5, pieces: [[1, 2], [3, 4], [5]], buffers: 1 });
    expect(read(names[1]!)).toEqual({ size: 0, pieces: [], buffers: 0 });
    expect(read(names[2]!).pieces).toEqual([[6, 7], [8]]);
    expect(read(names[0]!, 1)).toEqual({ size: 2, pieces: [[1, 2]], buffers: 1 });
    // The file is locked while a reader has it open: a second reader is refused, not a failure.
    expect(await staging.reader()).toBeNull();
    reader.close();
    const again = (await staging.reader())!;
    // A kept file the browser lost (the site's data cleared) is an IO error, not short bytes.
    const kept = (staged(root).get('run-read') as FakeDirectory).entries.get('kept') as FakeFile;
    kept.bytes = kept.bytes.subarray(0, 6);
    expect(() => again.pieces(names[2]!, 2, () => true)).toThrow(MigrateError);
    // Dropping the run closes a reader left open, so its folder can go.
    await staging.drop();
    expect(kept.open).toBe(false);
    expect(staged(root).size).toBe(0);
  });

  it('writes an output file in order, and removes it with the run even when it was left half-written', async () => {
    const root = new FakeDirectory();
    const staging = await openRunStaging(root, new FakeLocks(), 'run-out');
    await staging.seal();
    const done = await staging.output();
    done.write(new Uint8Array([1, 2]));
    done.write(new Uint8Array([3]));
    expect(await bytesOf(await done.finish())).toEqual(new Uint8Array([1, 2, 3]));
    const half = await staging.output();
    half.write(new Uint8Array([9]));
    await staging.drop();
    expect(staged(root).size).toBe(0);
  });
});
