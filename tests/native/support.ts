/** Native SQLite for tests: loaded once, and files in a temporary folder removed afterwards. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrateFile, type Engine, type MigrateFileRequest } from '../../src/cli/file-run.ts';
import { Migrator, type Direction, type ProjectDefinition } from '../../src/engine/index.ts';
import { loadNativeSqlite, type NativeSqlite } from '../../src/native/adapter.ts';
import { entropy } from '../support/db.ts';

export const native = await loadNativeSqlite();

/** What the CLI's file runs work with, on native SQLite (`with` a wrapped one, for tests that watch it). */
export function nativeEngine(project: ProjectDefinition = entropy, withNative: NativeSqlite = native): Engine {
  return { native: withNative, migrator: new Migrator(withNative.opener, project), project };
}

export type FileOutcome = Awaited<ReturnType<typeof migrateFile>>;

/** A folder for this test file, removed after its tests (also when they fail). */
export interface NativeRun {
  readonly outcome: FileOutcome;
  readonly bytes: Uint8Array;
  /** The folder the run had to itself: its input, entropy.db, and what the run left there. */
  readonly folder: string;
}

/** Migrates `bytes` natively through a file, as the CLI does; returns the outcome and the written file. */
export async function migrateNatively(dir: string, bytes: Uint8Array, direction: Direction, target?: string, extra: Partial<MigrateFileRequest> = {}): Promise<NativeRun> {
  const work = mkdtempSync(join(dir, 'run-'));
  const input = join(work, 'entropy.db');
  writeFileSync(input, bytes);
  const outcome = await migrateFile(nativeEngine(), { input, direction, ...(target ? { target } : {}), ...extra });
  const written = outcome.output ? new Uint8Array(readFileSync(outcome.output)) : new Uint8Array(0);
  return { outcome, bytes: written, folder: work };
}

export const names = (dir: string): string[] => readdirSync(dir).sort();
