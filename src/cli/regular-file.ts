/**
 * Only regular files are read or replaced. A FIFO blocks a reader forever, /dev/zero or
 * /dev/urandom (perhaps behind a symlink) never ends, and a device or socket is no database;
 * renaming a new file over a device node (-o /dev/null --force, as root) would replace the
 * node itself. The input is opened without blocking and judged by the descriptor it gives,
 * so what is checked is what is read.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, statSync, type Stats } from 'node:fs';
import { MigrateError } from '../engine/index.ts';
import { shownPath } from './terminal.ts';

function kindOf(s: Stats): string | null {
  if (s.isFile()) return null;
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

export class NotAFileError extends MigrateError {
  constructor(path: string, kind: string, role: string) {
    super(
      'NOT_A_FILE',
      `"${shownPath(path)}" is ${kind}, not a regular file, so it is not ${role === 'input' ? 'read' : `used as the ${role}`}; choose a database file. Nothing was written.`,
      { path, kind, role },
    );
    this.name = 'NotAFileError';
  }
}

/** Opens `path` for reading, refusing anything but a regular file; returns the descriptor and its size. */
export function openRegularFile(path: string): { fd: number; size: number } {
  // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const s = fstatSync(fd);
  const kind = kindOf(s);
  if (kind !== null) {
    closeSync(fd);
    throw new NotAFileError(path, kind, 'input');
  }
  return { fd, size: s.size };
}

/** Refuses a write target that exists and is not a regular file (nor a link to one). */
export function refuseNonRegularTarget(path: string, role: string): void {
  let s: Stats;
  try {
    s = lstatSync(path);
  } catch {
    return;
  }
  if (s.isSymbolicLink()) {
    try {
      s = statSync(path);
    } catch {
      return;
    }
  }
  const kind = kindOf(s);
  if (kind !== null) throw new NotAFileError(path, kind, role);
}
