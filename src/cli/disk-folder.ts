/**
 * A project folder on disk as the folder commit sees it (engine: CommitFolder): node:fs with
 * every new file and every rename flushed, hard links for backups where the file system has
 * them, and a replaced file's permissions kept by its successor. Owners of journals are
 * processes on this host, asked by pid.
 */
import { createHash } from 'node:crypto';
import {
  chmodSync, closeSync, copyFileSync, existsSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync,
  readlinkSync, readSync, renameSync, rmdirSync, rmSync, statSync, writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { CommitFolder, CommitOwner, EntryKind, FileStamp } from '../engine/index.ts';
import { syncDirectory, syncFile } from './files.ts';
import type { StampsAhead } from './stamps-ahead.ts';

const PIECE = 8 * 2 ** 20;

function hashFile(path: string): FileStamp {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(PIECE);
  let size = 0;
  try {
    for (let read; (read = readSync(fd, buffer, 0, PIECE, null)) > 0; size += read) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return { size, sha256: hash.digest('hex') };
}

function writeDurably(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Test hook: milliseconds to wait before each rename of a commit, so that a test can kill a run among them. */
const SLOW_RENAMES_MS = Number(process.env.ENTROPY_MIGRATE_TEST_SLOW_RENAMES_MS ?? 0);

/** `stamps`: stamps made ahead of the commit (stamps-ahead.ts); a file without one is read here. */
export function diskFolder(root: string, shown = root, stamps: StampsAhead | null = null): CommitFolder {
  const abs = (path: string) => (path ? join(root, ...path.split('/')) : root);
  const kind = (path: string): EntryKind | null => {
    let s;
    try {
      s = lstatSync(abs(path));
    } catch {
      return null;
    }
    return s.isSymbolicLink() ? 'link' : s.isDirectory() ? 'folder' : s.isFile() ? 'file' : 'other';
  };
  return {
    shown,
    kind: async (path) => kind(path),
    linkTarget: async (path) => {
      try {
        return readlinkSync(abs(path));
      } catch {
        return null;
      }
    },
    stamp: async (path) => (await stamps?.take(abs(path))) ?? hashFile(abs(path)),
    readText: async (path) => (kind(path) === 'file' ? readFileSync(abs(path), 'utf8') : null),
    async create(path, data) {
      mkdirSync(dirname(abs(path)), { recursive: true });
      writeDurably(abs(path), data);
    },
    async rename(from, to) {
      if (SLOW_RENAMES_MS > 0) await new Promise((r) => setTimeout(r, SLOW_RENAMES_MS));
      const target = abs(to);
      // A replaced file keeps its permissions: a private lab database stays private.
      if (kind(to) === 'file') chmodSync(abs(from), statSync(target).mode & 0o7777);
      syncFile(abs(from));
      renameSync(abs(from), target);
      syncDirectory(dirname(target));
    },
    async keepCopy(from, to) {
      mkdirSync(dirname(abs(to)), { recursive: true });
      try {
        linkSync(abs(from), abs(to));
      } catch (error) {
        // Another file system, or one without hard links (FAT, some network shares): a copy.
        const code = (error as { code?: string }).code;
        if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK') throw error;
        copyFileSync(abs(from), abs(to));
        syncFile(abs(to));
      }
      syncDirectory(dirname(abs(to)));
    },
    remove: async (path) => {
      if (kind(path) !== null) rmSync(abs(path));
    },
    removeTree: async (path) => rmSync(abs(path), { recursive: true, force: true }),
    async removeEmptyFolder(path) {
      try {
        rmdirSync(abs(path));
        return true;
      } catch {
        return false;
      }
    },
    makeFolder: async (path) => void mkdirSync(abs(path), { recursive: true }),
    list: async (path) => (existsSync(abs(path)) && kind(path) === 'folder' ? readdirSync(abs(path)) : []),
    syncFolder: async (path) => syncDirectory(abs(path)),
  };
}

/** This process, as the owner of the journals it writes. */
export const thisProcess = (): CommitOwner => ({ host: hostname(), pid: process.pid });

/** Whether a journal's owner is a process running on this host now (another host's cannot be asked: not alive). */
export function ownerAlive(owner: CommitOwner): boolean {
  if (owner.host !== hostname() || owner.pid === null) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
