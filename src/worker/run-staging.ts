/**
 * The page's FileKeeper (engine: src/engine/project/files.ts), as the CLI keeps its files on
 * disk (src/cli/kept-files.ts): what a whole-project run writes into the project (HDF5 files,
 * params.json and its backups) goes to the browser's origin private file system (OPFS), so
 * the tab holds the file being made, not every file of the project until it is delivered.
 *
 * The engine's keep() is synchronous and OPFS opens files asynchronously, so each run opens
 * ONE file before it starts, with a synchronous access handle (dedicated workers only), and
 * appends every kept file to it; a kept file's name is its place in it. After the run the
 * handle is closed and each kept file becomes a slice of that file as a Blob, read from disk
 * a piece at a time by the zip and the write-back.
 *
 * Each run has its own folder under STAGING, held by a Web Lock for as long as the run's
 * result is kept: a folder nobody holds (a tab that closed, a worker that was cancelled) is
 * removed by the next worker that stages a run.
 */
import { MigrateError, oneLine, type FileKeeper } from '../engine/index.ts';

/** The folder of OPFS every run's folder is in. */
export const STAGING = 'entropy-migrate-staging';
const lockOf = (run: string) => `${STAGING}/${run}`;

/** What the staging uses of a FileSystemSyncAccessHandle (a fake one in unit tests). */
export interface SyncHandle {
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  flush(): void;
  close(): void;
}

/** What the staging uses of a directory of OPFS. */
export interface StagingDirectory {
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<StagingDirectory>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<{ createSyncAccessHandle(): Promise<SyncHandle>; getFile(): Promise<Blob> }>;
  removeEntry(name: string, options?: { recursive?: boolean }): Promise<void>;
  keys(): AsyncIterable<string>;
}

/** What the staging uses of Web Locks. */
export interface Locks {
  request<T>(name: string, options: { ifAvailable?: boolean }, work: (lock: unknown) => Promise<T>): Promise<T>;
}

/** One run's kept files, in OPFS. */
export interface RunStaging extends FileKeeper {
  /** The size of a kept file. */
  size(from: string): number;
  /** Closes the file once the run is over; kept files can then be had as Blobs. */
  seal(): Promise<void>;
  /** A kept file's bytes, as a Blob read from disk (after seal()). */
  blob(from: string): Blob;
  /**
   * Kept files read from disk straight into one reused buffer (after seal()): for the zip,
   * which reads them all. A Blob's read makes a new buffer each piece or stalls (read-file.ts).
   * Null when the file cannot be opened so now (another reader holds it): read the Blobs.
   */
  reader(): Promise<KeptReader | null>;
  /**
   * A new file in the run's folder, written in order (the zip, as it is made) and then had as
   * a Blob read from disk; it goes with the run's folder.
   */
  output(): Promise<{ write(chunk: Uint8Array): void; finish(): Promise<Blob> }>;
  /** Removes the run's folder and lets go of its lock; never throws. */
  drop(): Promise<void>;
}

/** See RunStaging.reader(). */
export interface KeptReader {
  /**
   * Reads a kept file through `use`, a piece at a time, each piece in the same buffer (`use`
   * must not keep it); stops early when `use` answers false. Answers how many bytes were read.
   */
  pieces(from: string, pieceBytes: number, use: (piece: Uint8Array) => boolean): number;
  close(): void;
}

/** Writes all of `bytes` at `at` (a write may take less than asked). */
function writeAll(handle: SyncHandle, bytes: Uint8Array, at: number): void {
  for (let done = 0; done < bytes.length; ) {
    const wrote = handle.write(bytes.subarray(done), { at: at + done });
    if (wrote <= 0) throw new Error('nothing could be written');
    done += wrote;
  }
}

/** Fills `bytes` from `at` (a read may give less than asked). */
function readAll(handle: SyncHandle, bytes: Uint8Array, at: number): void {
  for (let done = 0; done < bytes.length; ) {
    const read = handle.read(bytes.subarray(done), { at: at + done });
    if (read <= 0) throw new MigrateError('IO', 'The browser lost a file this run kept in its storage; nothing was written. Run the upgrade again.');
    done += read;
  }
}

const KEPT = 'kept';

/**
 * Opens a run's staging in `root`'s STAGING folder; `run` names the run's folder. Throws
 * when OPFS refuses (the caller then keeps the files in memory, as before).
 */
export async function openRunStaging(root: StagingDirectory, locks: Locks, run: string): Promise<RunStaging> {
  // The lock is held until drop() lets go; it is taken before the folder exists, so a sweep never takes a live folder.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await new Promise<void>((granted, refused) => {
    locks.request(lockOf(run), {}, () => (granted(), held)).catch(refused);
  });
  const folder = await root.getDirectoryHandle(STAGING, { create: true });
  /** Outputs being written (a zip that failed half-way) and readers open: closed by drop(), else their folder could not go. */
  const openHandles = new Set<SyncHandle>();
  const drop = async () => {
    for (const open of [handle, ...openHandles]) {
      try {
        open?.close();
      } catch {
        // Closed already.
      }
    }
    handle = null;
    openHandles.clear();
    await folder.removeEntry(run, { recursive: true }).catch(() => undefined);
    release();
  };
  let handle: SyncHandle | null = null;
  let outputs = 0;
  try {
    const runFolder = await folder.getDirectoryHandle(run, { create: true });
    const fileHandle = await runFolder.getFileHandle(KEPT, { create: true });
    handle = await fileHandle.createSyncAccessHandle();
    const opened = handle;
    const places: { at: number; size: number }[] = [];
    let end = 0;
    let file: Blob | null = null;
    const place = (from: string) => {
      const found = places[Number(from)];
      if (!found) throw new Error(`No kept file "${from}" in this run.`);
      return found;
    };
    return {
      keep(path, bytes) {
        if (!handle) throw new Error('The run that kept these files is over.');
        try {
          writeAll(opened, bytes, end);
        } catch (error) {
          throw new MigrateError(
            'IO',
            `The browser could not keep the upgraded ${path} in its storage for this site (${oneLine((error as Error).message)}); nothing was written. Free some disk space and try again, or use the command-line entropy-migrate.`,
            { path },
          );
        }
        places.push({ at: end, size: bytes.length });
        end += bytes.length;
        return String(places.length - 1);
      },
      readBack(from) {
        if (!handle) throw new Error('The run that kept these files is over.');
        const { at, size } = place(from);
        const bytes = new Uint8Array(size);
        readAll(opened, bytes, at);
        return bytes;
      },
      size: (from) => place(from).size,
      async seal() {
        opened.flush();
        opened.close();
        handle = null;
        file = await fileHandle.getFile();
      },
      blob(from) {
        if (!file) throw new Error('The run is not over: its kept files cannot be read yet.');
        const { at, size } = place(from);
        return file.slice(at, at + size);
      },
      async reader() {
        if (!file) throw new Error('The run is not over: its kept files cannot be read yet.');
        let reading: SyncHandle;
        try {
          reading = await fileHandle.createSyncAccessHandle();
        } catch {
          return null;
        }
        openHandles.add(reading);
        let buffer = new Uint8Array(0);
        return {
          pieces(from, pieceBytes, use) {
            const { at, size } = place(from);
            if (buffer.length < pieceBytes) buffer = new Uint8Array(pieceBytes);
            let done = 0;
            while (done < size) {
              const piece = buffer.subarray(0, Math.min(pieceBytes, size - done));
              readAll(reading, piece, at + done);
              done += piece.length;
              if (!use(piece)) break;
            }
            return done;
          },
          close() {
            openHandles.delete(reading);
            reading.close();
          },
        };
      },
      async output() {
        const outputHandle = await runFolder.getFileHandle(`output-${++outputs}`, { create: true });
        const output = await outputHandle.createSyncAccessHandle();
        openHandles.add(output);
        let size = 0;
        return {
          write(chunk) {
            try {
              writeAll(output, chunk, size);
            } catch (error) {
              throw new MigrateError(
                'IO',
                `The browser could not keep the zip in its storage for this site (${oneLine((error as Error).message)}); nothing was written. Free some disk space and try again.`,
              );
            }
            size += chunk.length;
          },
          async finish() {
            output.flush();
            output.close();
            openHandles.delete(output);
            const file = await outputHandle.getFile();
            return new Blob([file], { type: 'application/zip' });
          },
        };
      },
      drop,
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** Removes the folders of runs nobody holds any more (tabs closed, workers stopped); never throws. */
export async function sweepStaging(root: StagingDirectory, locks: Locks): Promise<void> {
  try {
    const folder = await root.getDirectoryHandle(STAGING, { create: true });
    const names: string[] = [];
    for await (const name of folder.keys()) names.push(name);
    for (const name of names) {
      await locks.request(lockOf(name), { ifAvailable: true }, async (lock) => {
        if (lock) await folder.removeEntry(name, { recursive: true }).catch(() => undefined);
      });
    }
  } catch {
    // Nothing to sweep, or no OPFS: nothing was staged either.
  }
}

/**
 * A run's staging in this browser's OPFS, or null where there is none to have (an older
 * browser, a private window that refuses it): the run then keeps its files in memory, as
 * the page always did, and nothing needs saying.
 */
export async function stagingInBrowser(): Promise<RunStaging | null> {
  const { storage, locks } = (globalThis.navigator ?? {}) as Partial<Navigator>;
  if (typeof storage?.getDirectory !== 'function' || !locks) return null;
  try {
    const root = (await storage.getDirectory()) as unknown as StagingDirectory;
    await sweepStaging(root, locks as Locks);
    return await openRunStaging(root, locks as Locks, `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`);
  } catch {
    return null;
  }
}

/** At a worker's start: removes the run folders earlier tabs and stopped workers left (sweepStaging); never throws. */
export async function sweepInBrowser(): Promise<void> {
  const { storage, locks } = (globalThis.navigator ?? {}) as Partial<Navigator>;
  if (typeof storage?.getDirectory !== 'function' || !locks) return;
  await storage.getDirectory().then((root) => sweepStaging(root as unknown as StagingDirectory, locks as Locks), () => undefined);
}

/**
 * Whether runs here can stage `bytes` of files in OPFS: what stagingInBrowser needs is there
 * and answers, and the site's storage has room for them (a private window's is small: there
 * the browser keeps it in memory).
 */
export async function canStageInBrowser(bytes: number): Promise<boolean> {
  const { storage, locks } = (globalThis.navigator ?? {}) as Partial<Navigator>;
  const syncAccess = typeof FileSystemFileHandle === 'function' && 'createSyncAccessHandle' in FileSystemFileHandle.prototype;
  if (typeof storage?.getDirectory !== 'function' || !locks || !syncAccess) return false;
  try {
    await storage.getDirectory();
    const { quota, usage } = await storage.estimate();
    return quota === undefined || quota - (usage ?? 0) >= bytes;
  } catch {
    return false;
  }
}
