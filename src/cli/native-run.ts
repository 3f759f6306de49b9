/**
 * The CLI's native path: upgrade or downgrade a database file with native SQLite, on the
 * file itself. The input is copied to a temporary file beside the output, that copy is
 * checked and migrated in place, checked again, fsynced and renamed into place; memory stays
 * flat whatever the size, and the input is never written to (with --in-place it is replaced
 * by rename, after a backup copy). The checks and typed errors are the engine's own, the same
 * as on the bytes path (migrateBytes on sql.js).
 *
 * The engine's front door speaks bytes (DbOpener: bytes -> DbFile, DbFile.export): two small
 * bridges below feed it a file instead, until the engine takes a file-shaped source.
 */
import { closeSync, constants, copyFileSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  declaredPageSize,
  MigrateError,
  migrateCopy,
  openCopy,
  sniffSqlite,
  type Chain,
  type DbFile,
  type Direction,
  type MigrateOutcome,
  type ProgressEvent,
} from '../engine/index.ts';
import { loadNativeSqlite, NativeUnavailableError, syncFile, type NativeSqlite } from '../native/adapter.ts';
import { besideInput, refuseExisting, refuseUnfinishedWrites, removeStaleTemps, syncDirectory, tempName } from './files.ts';

export type EngineName = 'native' | 'sqljs';

export type ChosenEngine =
  | { readonly name: 'native'; readonly native: NativeSqlite }
  /** `note`: why native SQLite is not used, when it was not asked for; null when sql.js was. */
  | { readonly name: 'sqljs'; readonly note: string | null };

/**
 * Native SQLite unless told otherwise (`--engine sqljs`) or unable to load it; then sql.js,
 * with a note saying why. `--engine native` where it cannot load is an error, not a fallback.
 */
export async function chooseEngine(asked: EngineName | undefined, load: () => Promise<NativeSqlite> = loadNativeSqlite): Promise<ChosenEngine> {
  if (asked === 'sqljs') return { name: 'sqljs', note: null };
  try {
    return { name: 'native', native: await load() };
  } catch (error) {
    if (!(error instanceof NativeUnavailableError)) throw error;
    if (asked === 'native') {
      throw new MigrateError('USAGE', `--engine native was asked for, but ${error.message}. Run without --engine to use sql.js.`, { reason: error.reason });
    }
    return {
      name: 'sqljs',
      note: `${error.message[0]!.toUpperCase()}${error.message.slice(1)}; using sql.js instead, which holds the whole database in memory (reinstall with "npm ci" to build it).`,
    };
  }
}

export interface FileRunRequest {
  /** The database file (a project folder already resolved to it). */
  readonly input: string;
  readonly direction: Direction;
  /** Any target Alembic accepts; default: the heads for upgrades, base for downgrades. */
  readonly target?: string;
  /** Where to write; default IN.<upgraded|downgraded>.db beside the input. */
  readonly output?: string;
  /** Replace the input (after saving it as IN.bak.<from-revision>.db). */
  readonly inPlace?: boolean;
  readonly force?: boolean;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Called after the checks passed and before anything is put in place (the CLI's Ctrl-C checkpoint). */
  readonly beforeWrite?: () => Promise<void>;
}

/** What a run did: the engine's outcome without bytes (the result is a file), and where it went. */
export interface FileOutcome extends Omit<MigrateOutcome, 'bytes'> {
  /** The file written; null when --in-place had nothing to run (nothing written). */
  readonly output: string | null;
}

/** Files whose header and size the sniff reads whole; bigger ones through a one-page probe. */
const READ_WHOLE_BELOW = 65536;

function readHead(path: string, length: number): Uint8Array {
  const head = new Uint8Array(length);
  const fd = openSync(path, 'r');
  try {
    for (let at = 0; at < length; ) {
      const read = readSync(fd, head, at, length - at, at);
      if (read === 0) return head.subarray(0, at);
      at += read;
    }
    return head;
  } finally {
    closeSync(fd);
  }
}

function ioError(path: string, error: unknown): MigrateError {
  return new MigrateError('IO', `Cannot read "${path}": ${(error as Error).message}.`, { path });
}

/**
 * Bridge 1: the engine sniffs (and openCopy checks) the header from the file's bytes, and
 * reads their length to spot a cut-off file. A large file is not read: it is checked for
 * truncation here (the same sentence the sniff says), and the engine gets its first page
 * alone, with the header's page count cleared so that the sniff does not hold the probe's
 * length against it. Everything else the sniff sees is the file's own header.
 */
export function headerProbe(path: string): Uint8Array {
  let size: number;
  let head: Uint8Array;
  try {
    size = statSync(path).size;
    head = readHead(path, Math.min(size, READ_WHOLE_BELOW));
  } catch (error) {
    throw ioError(path, error);
  }
  if (size <= READ_WHOLE_BELOW) return head;
  const pageSize = declaredPageSize(head);
  // An impossible page size: the sniff refuses the file from its head alone.
  if (!(pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) === 0)) return head;
  const probe = head.slice(0, pageSize);
  const pageCount = new DataView(probe.buffer).getUint32(28);
  probe.fill(0, 28, 32);
  // Not SQLite, a damaged header: the same errors as on the whole file.
  sniffSqlite(probe);
  if (size % pageSize !== 0 || (pageCount > 0 && size < pageCount * pageSize)) {
    throw new MigrateError(
      'TRUNCATED',
      `The database file is incomplete: it has ${size} bytes, but its header says ${pageCount * pageSize}. It was probably cut off while copying; copy it again.`,
      { size, expected: pageCount * pageSize },
    );
  }
  return probe;
}

/**
 * Bridge 2: the engine ends a run with export(), the bytes a bytes-path caller writes out.
 * Here the work file itself is the result, so export hands back nothing and the file is
 * renamed into place instead; reading it into memory is exactly what this path avoids.
 */
function resultStaysInFile(db: DbFile): DbFile {
  return {
    exec: (sql) => db.exec(sql),
    query: (sql, params) => db.query(sql, params),
    run: (sql, params) => db.run(sql, params),
    export: () => new Uint8Array(0),
    close: () => db.close(),
  };
}

/** Copies `from` to `to` through a synced temporary file and a rename, as writeAtomically does for bytes. */
function copyAtomically(from: string, to: string): void {
  removeStaleTemps(to);
  const temp = tempName(to, process.pid);
  try {
    copyFileSync(from, temp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    syncFile(temp);
    renameSync(temp, to);
    syncDirectory(dirname(to));
  } catch (error) {
    rmSync(temp, { force: true });
    throw new MigrateError('IO', `Cannot write "${to}": ${(error as Error).message}.`, { path: to });
  }
}

function putInPlace(work: string, destination: string): void {
  try {
    syncFile(work);
    renameSync(work, destination);
  } catch (error) {
    throw new MigrateError('IO', `Cannot write "${destination}": ${(error as Error).message}.`, { path: destination });
  }
  syncDirectory(dirname(destination));
}

/** Upgrades or downgrades a database file natively; see the module comment. */
export async function migrateFile(native: NativeSqlite, chain: Chain, request: FileRunRequest): Promise<FileOutcome> {
  const { input, direction } = request;
  const force = request.force ?? false;
  refuseUnfinishedWrites(input);
  const probe = headerProbe(input);
  const destination = request.inPlace ? input : (request.output ?? besideInput(input, direction === 'upgrade' ? 'upgraded' : 'downgraded'));
  if (!request.inPlace) refuseExisting(destination, force);
  removeStaleTemps(destination);
  const work = tempName(destination, process.pid);
  let placed = false;
  try {
    const copy = openCopy(() => resultStaysInFile(native.openFileCopy(input, work).db), probe);
    // After a failed step or check, the engine asks for the untouched input to tell damage the
    // file had from damage the run made: that is the input itself, opened read-only.
    const reopenInput = () => native.openReadOnly(input);
    const { bytes: _none, ...outcome } = migrateCopy(reopenInput, copy, () => probe, chain, {
      direction,
      target: request.target ?? (direction === 'upgrade' ? 'heads' : 'base'),
      onProgress: request.onProgress,
    });
    await request.beforeWrite?.();
    if (outcome.result.steps.length === 0 && request.inPlace) return { ...outcome, output: null };
    if (request.inPlace) {
      const backup = besideInput(input, `bak.${outcome.result.from.join('_') || 'base'}`);
      refuseExisting(backup, force);
      copyAtomically(input, backup);
    }
    putInPlace(work, destination);
    placed = true;
    return { ...outcome, output: destination };
  } finally {
    if (!placed) rmSync(work, { force: true });
  }
}
