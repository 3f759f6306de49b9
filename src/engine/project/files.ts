/**
 * A project's files beside its database (params.json, HDF5 files, ...), as a revision and a
 * project's finishing work see them: read from the folder as it was when the run started,
 * written to a staging area. Nothing reaches the real folder until the whole run (database
 * and files) has passed its checks; then the caller applies `changes()` all at once, or
 * drops them. Paths are POSIX paths relative to the project folder ('config/settings.json').
 */
import { releaseBytes } from '../release-bytes.ts';

/** The folder as it was when the run started; read-only. */
export interface FolderSource {
  /** Every file below the folder that the project asked for, as relative paths. */
  list(): readonly string[];
  /** A file's bytes, or null when there is no such file. */
  read(path: string): Uint8Array | null;
  /**
   * The file unread, for a reader that needs a few pieces of it (the page's worker gives its
   * picked File), or null when there is no such file; absent where the source has only bytes.
   */
  unread?(path: string): Blob | null;
  /**
   * Whether read() hands out new bytes at each call that nothing else holds (the page reads
   * a picked file anew), so that a reader done with them may free them at once
   * (ProjectFiles.doneReading).
   */
  readonly readsCopies?: boolean;
}

/**
 * One change to apply to the folder: new bytes for a path, or its removal, or (`place`) a
 * file the caller wrote outside memory (a copy of the database, as big as the database;
 * see DbSource.keepCopy), `from` being the caller's own name for it.
 */
export type FileChange =
  | { readonly kind: 'write'; readonly path: string; readonly bytes: Uint8Array; readonly replaces: boolean }
  | { readonly kind: 'remove'; readonly path: string }
  | { readonly kind: 'place'; readonly path: string; readonly from: string; readonly replaces: boolean };

/** Staged state of a path: new bytes, removed (null), or a file the caller keeps. */
type Staged = Uint8Array | null | { readonly from: string; readonly kept?: true };

/**
 * Where a staging area keeps what is written outside memory (the CLI: files in a temporary
 * folder on the result's file system), so that a run writing a thousand HDF5 files holds one
 * at a time. Kept files come back as 'place' changes.
 */
export interface FileKeeper {
  /** Stores `bytes`, the new content of `path`; returns the caller's own name for them. */
  keep(path: string, bytes: Uint8Array): string;
  /** The bytes stored under `from`, for a revision that reads a file the run wrote. */
  readBack(from: string): Uint8Array;
}

/**
 * What revisions receive as `op.files`: the staged project folder. A write to a path whose
 * file the run neither read nor removed is a new file of the run's own (a backup name): it
 * must not replace a file that is already there, which the folder commit refuses to do.
 */
export interface ProjectFiles {
  exists(path: string): boolean;
  read(path: string): Uint8Array | null;
  /**
   * Says that `bytes`, which read() gave, are not read again: freed now where they are a copy
   * nothing else holds (FolderSource.readsCopies), rather than at a collection.
   */
  doneReading(bytes: Uint8Array): void;
  /** The file as it is in the folder, unread (FolderSource.unread), or null: then read() it. */
  unread(path: string): Blob | null;
  readText(path: string): string | null;
  write(path: string, content: Uint8Array | string): void;
  /** The same for bytes nobody reads again, which may be let go of once kept (StagedFiles.writeOwned). */
  writeOwned(path: string, bytes: Uint8Array): void;
  /** Renames a file (as shutil.move): the old path is gone, the new one has its bytes. */
  move(from: string, to: string): void;
  copy(from: string, to: string): void;
  remove(path: string): void;
  /** Paths (relative to the project folder) of the files directly inside `dir`. */
  list(dir: string): string[];
}

const encoder = new TextEncoder();
// As Python's open().read(): a leading byte order mark stays a character.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function normalise(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw new Error(`Project file paths stay inside the project: "${path}"`);
    parts.push(part);
  }
  return parts.join('/');
}

/** The staging area over a FolderSource; `changes()` lists what differs from the source. */
export class StagedFiles implements ProjectFiles {
  /** Staged state: bytes for a written path, null for a removed one; absent = as in source. */
  private readonly staged = new Map<string, Staged>();
  /** Paths whose content the run read, or that it removed: a write there is that file's new version. */
  private readonly seen = new Set<string>();
  /** Bytes read() gave from a source that reads copies, until doneReading frees them. */
  private readonly copiesRead = new WeakSet<Uint8Array>();

  /** Without a keeper, written files stay in memory until the caller applies the changes. */
  constructor(
    private readonly source: FolderSource,
    private readonly keeper: FileKeeper | null = null,
  ) {}

  read(path: string): Uint8Array | null {
    const key = normalise(path);
    this.seen.add(key);
    if (!this.staged.has(key)) {
      const bytes = this.source.read(key);
      if (bytes && this.source.readsCopies) this.copiesRead.add(bytes);
      return bytes;
    }
    const staged = this.staged.get(key)!;
    if (staged === null || staged instanceof Uint8Array) return staged;
    if (staged.kept && this.keeper) return this.keeper.readBack(staged.from);
    // Database copies (DbSource.keepCopy) are as big as the database, and no revision reads one back.
    throw new Error(`"${path}" is kept outside memory and cannot be read during the run.`);
  }

  doneReading(bytes: Uint8Array): void {
    if (this.copiesRead.delete(bytes)) releaseBytes(bytes);
  }

  unread(path: string): Blob | null {
    const key = normalise(path);
    return this.staged.has(key) ? null : (this.source.unread?.(key) ?? null);
  }

  exists(path: string): boolean {
    const key = normalise(path);
    return this.staged.has(key) ? this.staged.get(key) !== null : this.inSource(key);
  }

  /** Whether the folder has `key`: answered unread where the source can (the page's picked files), not by reading the whole file. */
  private inSource(key: string): boolean {
    return this.source.unread ? this.source.unread(key) !== null : this.source.read(key) !== null;
  }

  /** Stages a file the caller wrote itself (its name for it: `from`) to be put at `path`. */
  place(path: string, from: string): void {
    this.staged.set(normalise(path), { from });
  }

  readText(path: string): string | null {
    const bytes = this.read(path);
    return bytes === null ? null : decoder.decode(bytes);
  }

  write(path: string, content: Uint8Array | string): void {
    const key = normalise(path);
    const bytes = typeof content === 'string' ? encoder.encode(content) : content;
    this.staged.set(key, this.keeper ? { from: this.keeper.keep(key, bytes), kept: true } : bytes);
  }

  /**
   * Writes bytes nobody else holds (a copy of the database). A keeper takes them out of
   * memory at once, so they are let go of now rather than at the next collection.
   */
  writeOwned(path: string, bytes: Uint8Array): void {
    this.write(path, bytes);
    if (this.keeper) releaseBytes(bytes);
  }

  move(from: string, to: string): void {
    const bytes = this.read(from);
    if (bytes === null) throw new Error(`No file "${from}" to move.`);
    this.write(to, bytes);
    this.remove(from);
  }

  copy(from: string, to: string): void {
    const bytes = this.read(from);
    if (bytes === null) throw new Error(`No file "${from}" to copy.`);
    this.write(to, bytes);
  }

  /** Removes a file; a later write there replaces it knowingly (see FileChange's `replaces`). */
  remove(path: string): void {
    this.seen.add(normalise(path));
    this.staged.set(normalise(path), null);
  }

  list(dir: string): string[] {
    const prefix = normalise(dir) ? `${normalise(dir)}/` : '';
    const all = new Set([...this.source.list().map(normalise), ...this.staged.keys()]);
    return [...all]
      .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/') && this.exists(p))
      .sort();
  }

  /** What to do to the folder to make it what the run staged, in a stable order. */
  changes(): FileChange[] {
    return [...this.staged.entries()]
      .filter(([path, staged]) => (staged === null ? this.inSource(path) : true))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, staged]): FileChange => {
        const replaces = this.seen.has(path);
        if (staged === null) return { kind: 'remove', path };
        return staged instanceof Uint8Array ? { kind: 'write', path, bytes: staged, replaces } : { kind: 'place', path, from: staged.from, replaces };
      });
  }
}

/** A FolderSource over an in-memory map (tests, the page's picked folder). */
export function folderFromMap(files: ReadonlyMap<string, Uint8Array>): FolderSource {
  return {
    list: () => [...files.keys()],
    read: (path) => files.get(path) ?? null,
  };
}

/**
 * What a run read back of what it wrote into the project's files, of one kind, through the
 * project's own readers, before anything reached the folder: revisions say it with
 * `op.readBack`, finishing work in its report. A value read back unequal stops the run
 * (ReadBackError); these are the counts of a run that passed.
 */
export interface ReadBackCount {
  /** A stable name, the key in --json's checks.readBack ('results'). */
  readonly kind: string;
  /** How many the run wrote. */
  readonly written: number;
  /** How many of those were read back and found equal to their source. */
  readonly equal: number;
  /** What they are, singular and plural, for sentences (['result', 'results']). */
  readonly noun: readonly [string, string];
}
