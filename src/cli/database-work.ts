/**
 * The one way the CLI works on a database, whichever SQLite runs and whatever the command
 * (upgrade, downgrade, stamp; a file, a project folder, --in-place or not). Native SQLite works
 * on a copy of the file beside where the result will go (native-source.ts); sql.js on the
 * file's bytes in memory. Both are the engine's DbSource, run by the same Migrator: they differ
 * only in how the checked result is taken (the work file as it is, or its bytes) and how it is
 * put in place (a rename, or a synced write and a rename), which is what this module hides.
 */
import { renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { MigrateError, oneLine, type DbFile, type DbSource, type FileChange } from '../engine/index.ts';
import { handOverBuffer } from '../sqljs/node.ts';
import type { CliContext } from './context.ts';
import { readDatabase, removeStaleTemps, syncDirectory, syncFile, tempName, writeAtomically } from './files.ts';
import { fileSource, type WorkOptions } from './native-source.ts';
import { ownershipOf } from './permissions.ts';
import { shownPath } from './terminal.ts';

/** A run's checked result, as it was taken while still open. */
export type Checked = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

export interface DatabaseWork {
  /** What the Migrator opens and runs (migrateSource, stampSource). */
  readonly source: DbSource;
  /** Takes the checked result while it is open: the Migrator's `finish`. */
  readonly take: (db: DbFile) => Checked;
  /** The result as a change of the project folder at `path`, for the folder commit. */
  change(result: Checked, path: string): Exclude<FileChange, { kind: 'remove' }>;
  /** Puts the result at `destination` for good (synced, renamed), with the input's permissions. */
  put(result: Checked, destination: string): void;
  /** Keeps the untouched input at `backup` the same way, before a result replaces it. */
  backUp(backup: string): void;
  /** Removes what the work left behind (the work file, kept copies); safe to call twice. */
  discard(): void;
}

/**
 * Work on the database at `input` whose result will lie at `resultAt` (native SQLite's work
 * file is made beside it, so that the last step is a rename on one file system);
 * `replacesInput` when the result takes the input's place (it then gets the input's owner too).
 */
export async function databaseWork(
  ctx: Pick<CliContext, 'native' | 'migrator' | 'project'>,
  input: string,
  resultAt: string,
  replacesInput: boolean,
  options: WorkOptions = {},
): Promise<DatabaseWork> {
  const ownership = ownershipOf(input, replacesInput);
  if (!ctx.native) {
    // Only a result that replaces the input looks at the bytes read again (for the backup);
    // otherwise sql.js may take them as its working file instead of copying them, and the
    // after-failure check reads the untouched file from disk again.
    const bytes = readDatabase(input, replacesInput ? undefined : handOverBuffer);
    return {
      source: ctx.migrator.sourceOf(replacesInput ? bytes : { take: () => bytes, again: () => readDatabase(input) }),
      take: (db) => ({ kind: 'bytes', bytes: db.export() }),
      change: (result, path) => ({ kind: 'write', path, bytes: bytesOf(result), replaces: true }),
      put: (result, destination) => writeAtomically(destination, bytesOf(result), ownership),
      backUp: (backup) => writeAtomically(backup, bytes, ownershipOf(input, true)),
      discard: () => {},
    };
  }
  removeStaleTemps(resultAt);
  const source = fileSource(ctx.native, input, tempName(resultAt, process.pid), ownership, options);
  try {
    await source.prepare(ctx.project);
  } catch (error) {
    source.discard();
    throw error;
  }
  return {
    source,
    take: () => ({ kind: 'file', path: source.work }),
    change(result, path) {
      source.seal();
      return { kind: 'place', path, from: pathOf(result), replaces: true };
    },
    put(result, destination) {
      try {
        source.seal();
        syncFile(pathOf(result));
        renameSync(pathOf(result), destination);
      } catch (error) {
        throw ioError(destination, error);
      }
      syncDirectory(dirname(destination));
    },
    backUp: (backup) => writeAtomically(backup, { copyOf: input }, ownershipOf(input, true)),
    discard: () => source.discard(),
  };
}

function bytesOf(result: Checked): Uint8Array {
  if (result.kind !== 'bytes') throw new Error('A work file where bytes were expected.');
  return result.bytes;
}

function pathOf(result: Checked): string {
  if (result.kind !== 'file') throw new Error('Bytes where a work file was expected.');
  return result.path;
}

function ioError(path: string, error: unknown): MigrateError {
  return new MigrateError('IO', `Cannot write "${shownPath(path)}": ${oneLine((error as Error).message)}.`, { path });
}
