/**
 * The whole-project row (issue 10): the benchmark's database as a project folder
 * (`.entropy/entropy.db`, about half of its results and metadata rows saved_in_hdf5 = 0 with
 * real serialized data, and a params.json of ParamStore v0.1 from migrations/builders/params-json.ts),
 * upgraded in place on a fresh copy by Entropy 0.15.9's own `entropy upgrade` (the
 * entropy-oracle kit's `entropy-upgrade`: the Alembic chain, the params.json revisions, the
 * HDF5 move) and by the CLI (`upgrade DIR --in-place`, on native SQLite). The copy of the
 * folder is not timed; each clock covers one whole process.
 */
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildParamsJson } from '../migrations/builders/params-json.ts';
import { KIT } from './entropy-alembic.ts';
import { SHM } from './native.ts';
import { measured, type Measured } from './proc.ts';

const BIN = fileURLToPath(new URL('../bin/entropy-migrate.mjs', import.meta.url));
/** Sources the kit's environment, then runs one of its commands. */
const KIT_COMMAND = 'source "$1/env.sh" && shift && exec "$@"';

/** The project folder both tools start from, once per size: the database copied in, a params.json beside it. */
export function projectTemplate(database: string, sizeMb: number, seed: number): string {
  const folder = join(SHM, `entropy-bench-${sizeMb}mb-project`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(join(folder, '.entropy'), { recursive: true });
  cpSync(database, join(folder, '.entropy', 'entropy.db'));
  writeFileSync(join(folder, '.entropy', 'params.json'), buildParamsJson({ seed, style: 'v0.1', commits: 20 }));
  return folder;
}

function freshCopy(template: string, folder: string): void {
  rmSync(folder, { recursive: true, force: true });
  cpSync(template, folder, { recursive: true });
}

/** Entropy's own `entropy upgrade FOLDER` on a fresh copy of the template, in place. */
export async function runEntropyProject(template: string, folder: string): Promise<Measured> {
  freshCopy(template, folder);
  return measured('bash', ['-c', KIT_COMMAND, '_', KIT, 'entropy-upgrade', folder], { env: { ...process.env, SQLITE_TMPDIR: SHM } });
}

/** The CLI's `upgrade FOLDER --in-place` on a fresh copy of the template. */
export async function runCliProject(template: string, folder: string): Promise<Measured> {
  freshCopy(template, folder);
  return measured(process.execPath, [BIN, 'upgrade', folder, '--in-place'], { env: { ...process.env, SQLITE_TMPDIR: SHM } });
}

/** The files of an upgraded project (relative paths, sorted), to see that both tools left the same ones. */
export function filesOf(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(folder, path));
    }
  };
  walk(folder);
  return out.sort();
}
