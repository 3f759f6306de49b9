/**
 * Things the CLI tells a user once, not on every run: where the package was installed
 * without native SQLite, every run would otherwise begin with the same note (and a batch of
 * forty projects with forty of them). What was said is remembered as an empty file in the
 * user's state folder ($XDG_STATE_HOME/entropy-migrate, else ~/.local/state/entropy-migrate),
 * one per installation and sentence; where that folder cannot be written, it is said again.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from './version.ts';

export function stateFolder(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'entropy-migrate');
}

/** True the first time `sentence` comes for this installation and version (and records it). */
export function firstTime(sentence: string): boolean {
  const key = createHash('sha256').update(`${fileURLToPath(import.meta.url)}\n${VERSION}\n${sentence}`).digest('hex').slice(0, 24);
  const folder = stateFolder();
  try {
    mkdirSync(folder, { recursive: true });
    closeSync(openSync(join(folder, `said-${key}`), 'wx'));
    return true;
  } catch (error) {
    return (error as { code?: string }).code !== 'EEXIST';
  }
}
