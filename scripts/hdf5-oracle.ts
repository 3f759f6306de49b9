/**
 * The HDF5 part of an upgrade on a real project folder, for judging by hand with Entropy 0.15.9
 * (../shared/entropy-oracle): after `entropy-migrate upgrade DIR/.entropy/entropy.db --in-place`
 * (database only), `tsx scripts/hdf5-oracle.ts DIR` moves the rows into HDF5 files as Entropy's
 * upgrade does and writes the staged files and the database back into DIR. Not used by npm test.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { StagedFiles, type FolderSource } from '../src/engine/project/files.ts';
import { nodeOpener } from '../src/sqljs/node.ts';
import { loadHdf5, moveRowsToHdf5 } from '../migrations/hdf5/index.ts';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: tsx scripts/hdf5-oracle.ts PROJECT_DIR');
  process.exit(2);
}

function folder(root: string): FolderSource {
  const list: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else list.push(relative(root, p).split('\\').join('/'));
    }
  };
  walk(root);
  return { list: () => list, read: (p) => (list.includes(p) ? new Uint8Array(readFileSync(join(root, p))) : null) };
}

const open = await nodeOpener();
await loadHdf5();
const dbPath = join(dir, '.entropy/entropy.db');
const db = open(new Uint8Array(readFileSync(dbPath)));
const files = new StagedFiles(folder(dir));
const report = moveRowsToHdf5(db, files);
for (const change of files.changes()) {
  const target = join(dir, change.path);
  if (change.kind === 'remove') rmSync(target);
  else if (change.kind === 'write') {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, change.bytes);
  }
}
writeFileSync(`${dbPath}.tmp`, db.export());
renameSync(`${dbPath}.tmp`, dbPath);
db.close();
console.log(JSON.stringify(report, null, 2));
