/**
 * Folders in the temp folder for a test to write into. Each is removed when the test that
 * made it ends, passed or failed (vitest's onTestFinished), or, for a folder a whole file
 * shares, after the file's last test: a run leaves nothing behind in $TMPDIR.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

function make(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A fresh folder, removed when the running test ends. Call it inside a test. */
export function tempDir(prefix: string): string {
  const dir = make(prefix);
  onTestFinished(() => remove(dir));
  return dir;
}

/** A fresh folder shared by the tests of one file, removed after the last of them. Call it at the top of the file. */
export function fileTempDir(prefix: string): string {
  const dir = make(prefix);
  afterAll(() => remove(dir));
  return dir;
}
