/** What the hostile and stop suites compare: a folder's whole state, and text safe for a terminal. */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/** Every entry under `dir`: a file's bytes (hex), a link's target, a folder's mode. */
export function folderState(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const s = lstatSync(path);
    const key = `${prefix}${name}`;
    if (s.isSymbolicLink()) out[key] = `-> ${readlinkSync(path)}`;
    else if (s.isDirectory()) Object.assign(out, { [key]: 'dir' }, folderState(path, `${key}/`));
    else if (s.isFile()) out[key] = `${(s.mode & 0o7777).toString(8)} ${readFileSync(path).toString('hex')}`;
    else out[key] = `special ${s.mode.toString(8)}`;
  }
  return out;
}

/** No control characters, no bidi overrides or isolates: safe to print on a terminal. */
export function expectPrintable(text: string): void {
  expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
}

