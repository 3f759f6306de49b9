/**
 * The input is never a write target by accident. A name alone cannot tell (`sub/../in.db`,
 * a symlink, a hard link are all the input under another name), so each target is compared
 * by its resolved path and, when it exists, by device and inode. --force does not lift this:
 * it replaces an unrelated file, never the database being migrated.
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MigrateError } from '../engine/index.ts';
import { shownPath } from './terminal.ts';

/** A file a command is about to write, and what it is for ("output", "backup"). */
export interface WriteTarget {
  readonly path: string;
  readonly role: string;
}

interface Identity {
  readonly real: string;
  readonly inode: string | null;
}

/** The real path (through symlinks and ..) of a file that may not exist yet, and its inode. */
function identify(path: string): Identity {
  const absolute = resolve(path);
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch {
    // Not there yet (or a dangling link): its folder decides where it would land.
    try {
      real = join(realpathSync(dirname(absolute)), basename(absolute));
    } catch {
      real = absolute;
    }
  }
  let inode: string | null = null;
  try {
    const s = statSync(absolute, { bigint: true });
    inode = `${s.dev}:${s.ino}`;
  } catch {
    // Does not exist: only its path can collide.
  }
  return { real, inode };
}

function same(a: Identity, b: Identity): boolean {
  return a.real === b.real || (a.inode !== null && a.inode === b.inode);
}

export class OutputIsInputError extends MigrateError {
  constructor(path: string, role: string, other: string) {
    super(
      'OUTPUT_IS_INPUT',
      `The ${role} "${shownPath(path)}" is the ${other} file itself (the same file, perhaps by another name), and writing it would destroy the ${other}; choose another ${role} name, or use --in-place, which keeps a backup. Nothing was written.`,
      { path, role, other },
    );
    this.name = 'OutputIsInputError';
  }
}

/**
 * Refuses when any target is the input, or two targets are the same file. --in-place replaces
 * the input on purpose, so the caller passes only its backup here.
 */
export function refuseSameFile(input: string, targets: readonly WriteTarget[]): void {
  const inputId = identify(input);
  const seen: { target: WriteTarget; id: Identity }[] = [];
  for (const target of targets) {
    const id = identify(target.path);
    if (same(id, inputId)) throw new OutputIsInputError(target.path, target.role, 'input');
    const clash = seen.find((s) => same(s.id, id));
    if (clash) throw new OutputIsInputError(target.path, target.role, clash.target.role);
    seen.push({ target, id });
  }
}
