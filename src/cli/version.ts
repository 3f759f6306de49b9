/**
 * Which entropy-migrate this is, and where it runs from. The version is package.json's,
 * inlined when the CLI is bundled (esbuild keeps only that field), so an installed copy needs
 * nothing beside its bundle to say it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { version } from '../../package.json';

export const VERSION: string = version;

/**
 * True when this copy runs inside a clone of the source (the bundle in dist-cli/, or the
 * sources under a test runner), false when it was installed from the package, which ships
 * neither src/ nor package-lock.json: advice differs (`npm ci` against reinstalling).
 */
export function runsFromClone(): boolean {
  for (const up of ['../', '../../']) {
    if (existsSync(fileURLToPath(new URL(`${up}package-lock.json`, import.meta.url)))) return true;
  }
  return false;
}
