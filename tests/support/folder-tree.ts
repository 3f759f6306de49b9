/**
 * A folder as a test compares it: every file (by relative path) with its bytes' SHA-256,
 * every empty folder, every link with its target. Two trees are the same when their
 * snapshots are equal: byte for byte, nothing added, nothing missing.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export type Tree = Record<string, string>;

/** How a file is fingerprinted: its bytes' SHA-256 unless `digest` says otherwise (HDF5 files hold write times). */
export type Digest = (path: string, bytes: Buffer) => string | null;

export function treeOf(root: string, skip: (path: string) => boolean = () => false, digest: Digest = () => null): Tree {
  const out: Tree = {};
  const walk = (dir: string, rel: string) => {
    const names = readdirSync(dir).sort();
    if (names.length === 0 && rel) out[`${rel}/`] = 'folder';
    for (const name of names) {
      const path = rel ? `${rel}/${name}` : name;
      if (skip(path)) continue;
      const abs = join(dir, name);
      const s = lstatSync(abs);
      if (s.isSymbolicLink()) out[path] = `link -> ${readlinkSync(abs)}`;
      else if (s.isDirectory()) walk(abs, path);
      else {
        const bytes = readFileSync(abs);
        out[path] = digest(path, bytes) ?? createHash('sha256').update(bytes).digest('hex');
      }
    }
  };
  walk(root, '');
  return out;
}
