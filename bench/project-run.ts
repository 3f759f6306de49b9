/**
 * The whole-project row (issue 10): the benchmark's database as a project folder
 * (`.entropy/entropy.db`, about half of its results and metadata rows saved_in_hdf5 = 0 with
 * real serialized data, and a params.json of ParamStore v0.1 from migrations/builders/params-json.ts),
 * upgraded in place on a fresh copy by Entropy 0.15.9's own `entropy upgrade` (the
 * entropy-oracle kit's `entropy-upgrade`: the Alembic chain, the params.json revisions, the
 * HDF5 move) and by the CLI (`upgrade DIR --in-place`, on native SQLite). The copy of the
 * folder is not timed; each clock covers one whole process.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildParamsJson } from '../migrations/builders/params-json.ts';
import { KIT } from './entropy-alembic.ts';
import { SHM } from './native.ts';
import { fingerprint, SQLITE3 } from './fingerprint.ts';
import type { LoadWatch } from './load.ts';
import { measured, type Measured } from './proc.ts';
import type { ProjectResult } from './report.ts';

const BIN = fileURLToPath(new URL('../bin/entropy-migrate.mjs', import.meta.url));
/** Sources the kit's environment, then runs one of its commands. */
const KIT_COMMAND = 'source "$1/env.sh" && shift && exec "$@"';

/**
 * The project folder both tools start from, once per size: the database copied in, a
 * params.json beside it. The rows the database flags saved_in_hdf5 = 1 are deleted from the
 * copy: the folder has no HDF5 files to hold them, and a project whose flagged rows its files
 * do not hold is refused (kept-check.ts). The file keeps its size (no VACUUM): their pages are
 * free pages, which revision 7fa75ca1263f's VACUUM gives back, as it did their rows.
 */
export function projectTemplate(database: string, sizeMb: number, seed: number): string {
  const folder = join(SHM, `entropy-bench-${sizeMb}mb-project`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(join(folder, '.entropy'), { recursive: true });
  cpSync(database, join(folder, '.entropy', 'entropy.db'));
  execFileSync(SQLITE3, [join(folder, '.entropy', 'entropy.db'), 'DELETE FROM Results WHERE saved_in_hdf5 = 1; DELETE FROM ExperimentMetadata WHERE saved_in_hdf5 = 1;']);
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

/**
 * The CLI's --in-place keeps what it replaced here, for `entropy-migrate restore`; Entropy
 * keeps no such folder, so the comparison leaves it out (as the oracle tests do).
 */
const OUR_BACKUPS = join('.entropy', 'entropy-migrate-backups');

/** The files of an upgraded project (relative paths, sorted), to see that both tools left the same ones. */
export function filesOf(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (relative(folder, path) === OUR_BACKUPS) continue;
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(folder, path));
    }
  };
  walk(folder);
  return out.sort();
}

/**
 * The whole-project row: Entropy's own `entropy upgrade` and the CLI, alternately, `runs`
 * times each on fresh copies of `template`; the folders are left for the caller to remove.
 */
export async function benchProject(
  template: string,
  folders: { readonly entropy: string; readonly cli: string },
  runs: number,
  load: LoadWatch,
  log: (line: string) => void,
): Promise<ProjectResult> {
  const entropyMs: number[] = [];
  const cliMs: number[] = [];
  const rss = { entropy: 0, cli: 0 };
  for (let round = 0; round < runs; round++) {
    const e = await runEntropyProject(template, folders.entropy);
    const c = await runCliProject(template, folders.cli);
    load.sample();
    entropyMs.push(e.ms), cliMs.push(c.ms);
    rss.entropy = Math.max(rss.entropy, e.peakRssBytes ?? 0);
    rss.cli = Math.max(rss.cli, c.peakRssBytes ?? 0);
    log(`project round ${round}: Entropy's entropy upgrade ${e.ms.toFixed(0)} ms (${((e.peakRssBytes ?? 0) / 1e6).toFixed(0)} MB), CLI ${c.ms.toFixed(0)} ms (${((c.peakRssBytes ?? 0) / 1e6).toFixed(0)} MB)`);
  }
  const database = (folder: string) => fingerprint(join(folder, '.entropy', 'entropy.db'));
  const [entropyDb, cliDb] = await Promise.all([database(folders.entropy), database(folders.cli)]);
  const [entropyFiles, cliFiles] = [filesOf(folders.entropy), filesOf(folders.cli)];
  return {
    entropyMs,
    cliMs,
    peakRssBytes: { entropy: rss.entropy || null, cli: rss.cli || null },
    files: entropyFiles.length,
    sameFiles: entropyFiles.join('\n') === cliFiles.join('\n'),
    outputs: { entropy: entropyDb, cli: cliDb },
  };
}
