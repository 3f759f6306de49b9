import { createHash } from 'node:crypto';
import { folderFromMap, StagedFiles } from '../../src/engine/project/files.ts';
import { fixQualifiedName, PARAMS_PATH, upgrade_0_1_to_0_2, upgrade_0_2_to_0_3 } from '../../migrations/param-store/index.ts';

export const REV_01_02 = '06140c96c8c4';
export const REV_FIX = '09f3b5a1689c';
export const REV_02_03 = '997e336572b8';

/** A staged project folder holding the given files (paths relative to the project). */
export function staged(files: Record<string, Uint8Array | string> = {}): StagedFiles {
  const map = new Map<string, Uint8Array>();
  for (const [path, content] of Object.entries(files)) map.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  return new StagedFiles(folderFromMap(map));
}

export function withParams(bytes: Uint8Array | string): StagedFiles {
  return staged({ [PARAMS_PATH]: bytes });
}

/** The steps the chain runs for a database at the given starting point. */
export function runChain(files: StagedFiles, from: 'before-06140' | 'at-06140'): string[] {
  const notes: string[] = [];
  if (from === 'before-06140') notes.push(...upgrade_0_1_to_0_2(files, REV_01_02));
  notes.push(...fixQualifiedName(files, REV_FIX));
  notes.push(...upgrade_0_2_to_0_3(files, REV_02_03));
  return notes;
}

export const text = (files: StagedFiles, path = PARAMS_PATH): string | null => files.readText(path);
export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
