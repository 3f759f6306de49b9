/**
 * The user's alternative: Entropy 0.15.9's own Alembic chain (Python, through the
 * entropy-oracle kit in ../shared/entropy-oracle, or $ENTROPY_ORACLE) upgrading the same
 * database, in place in a project folder in /dev/shm, as `entropy upgrade` does (its
 * 7fa75ca1263f revision copies the file to a backup first). The copy into the folder is not
 * timed; the clock covers the Python process from spawn to exit (start, imports, Alembic).
 * Skipped, with a note, where the kit is not set up.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHM } from './native.ts';
import { measured, type Measured } from './proc.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const KIT = resolve(process.env.ENTROPY_ORACLE ?? join(ROOT, '../shared/entropy-oracle'));
const DRIVER = fileURLToPath(new URL('./entropy_alembic.py', import.meta.url));
/** Sources the kit's environment, then runs its Python on the driver. */
const WITH_KIT = 'source "$1/env.sh" && shift && exec "$PY" "$@"';

/** Null when the kit can run Entropy's Alembic here; otherwise why not, for the results' notes. */
export function entropyAlembicMissing(): string | null {
  if (!existsSync(join(KIT, 'env.sh'))) return `Entropy's own upgrade not measured: no entropy-oracle kit at ${KIT} (set ENTROPY_ORACLE).`;
  try {
    execFileSync('bash', ['-c', WITH_KIT, '_', KIT, '-c', 'import alembic, sqlalchemy, entropylab'], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `Entropy's own upgrade not measured: the entropy-oracle kit at ${KIT} is not set up (run its setup.sh): ${String((error as { stderr?: Buffer }).stderr ?? error).trim().split('\n').pop()}`;
  }
}

/** One timed run; leaves the upgraded database at `<folder>/.entropy/entropy.db`, which it returns. */
export async function runEntropyAlembic(input: string, folder: string): Promise<Measured & { readonly output: string }> {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(join(folder, '.entropy'), { recursive: true });
  const output = join(folder, '.entropy', 'entropy.db');
  copyFileSync(input, output);
  const run = await measured('bash', ['-c', WITH_KIT, '_', KIT, DRIVER, output], { env: { ...process.env, SQLITE_TMPDIR: SHM } });
  return { ...run, output };
}
