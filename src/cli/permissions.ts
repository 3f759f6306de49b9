/**
 * Who may read a migrated file. A lab database kept private (0600) must not come back
 * world-readable because the new file was created with the process's umask: the input's
 * permission bits go onto every file written from it, and --in-place (the same file, as far
 * as the user can tell) also keeps its owner and group where the process may set them.
 */
import { fchmodSync, fchownSync, statSync } from 'node:fs';

export interface Ownership {
  /** Permission bits only: set-id and sticky bits make no sense on a copy of a database. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Whether owner and group are to be set too (only when the file replaces the input). */
  readonly keepOwner: boolean;
}

/** Private until applyOwnership runs: a new file's bytes are never readable by others. */
export const CREATE_MODE = 0o600;

export function ownershipOf(path: string, keepOwner: boolean): Ownership {
  const s = statSync(path);
  return { mode: s.mode & 0o777, uid: s.uid, gid: s.gid, keepOwner };
}

function ownerChangeRefused(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  // Not permitted (not root, not a group we are in), or a file system without owners.
  return code === 'EPERM' || code === 'EINVAL' || code === 'ENOSYS' || code === 'ENOTSUP';
}

/** Gives the open file `fd` the input's mode (and owner and group, where allowed). */
export function applyOwnership(fd: number, ownership: Ownership): void {
  if (ownership.keepOwner) {
    try {
      fchownSync(fd, ownership.uid, ownership.gid);
    } catch (error) {
      if (!ownerChangeRefused(error)) throw error;
      // The owner cannot be given away without privilege, but a group we belong to can be kept.
      try {
        fchownSync(fd, -1, ownership.gid);
      } catch (groupError) {
        if (!ownerChangeRefused(groupError)) throw groupError;
      }
    }
  }
  // After chown, which may clear set-id bits, and explicitly, since the umask shaped the file.
  fchmodSync(fd, ownership.mode);
}
