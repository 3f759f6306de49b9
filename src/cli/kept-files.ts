/**
 * The CLI's FileKeeper: what a whole-project run writes into the project's folder (a thousand
 * HDF5 files, params.json) goes straight to files in a temporary folder beside where they
 * will land, on the same file system, and applyToFolder renames them into place. Memory then
 * holds the file being made, not every file of the project until the end of the run.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MigrateError, oneLine, type FileKeeper } from '../engine/index.ts';
import { shownPath } from './terminal.ts';

export interface KeptFiles extends FileKeeper {
  /** Removes the folder and whatever is still in it (files never placed, or all of them after a failure). */
  discard(): void;
}

/**
 * A keeper writing into `dir` (a name from tempName, so that a stopped run's folder is removed
 * too), made on first use; `written` hears of each file once it is complete.
 */
export function keptFilesIn(dir: string, written: (path: string, bytes: Uint8Array) => void = () => {}): KeptFiles {
  let made = false;
  let count = 0;
  return {
    keep(_path, bytes) {
      // Numbered, not named after `path`: nothing a project's data holds ends up in a file name.
      const name = join(dir, `${++count}.kept`);
      try {
        if (!made) mkdirSync(dir, { recursive: true });
        made = true;
        writeFileSync(name, bytes, { flag: 'wx' });
      } catch (error) {
        throw new MigrateError('IO', `Cannot write "${shownPath(name)}": ${oneLine((error as Error).message)}. Nothing was written.`, { path: name });
      }
      written(name, bytes);
      return name;
    },
    readBack: (from) => readFileSync(from),
    discard: () => rmSync(dir, { recursive: true, force: true }),
  };
}
