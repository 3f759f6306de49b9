/** The real command, bundled as the package carries it (tests/support/build-cli.ts builds it first). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(__dirname, '../../bin/entropy-migrate.mjs');

/** Runs it to the end: exit code, stdout and stderr. */
export function cli(...args: string[]): { code: number | null; out: string; err: string } {
  return cliWith({}, ...args);
}

/** As `cli`, with `env` added to the environment (e.g. a private TMPDIR). */
export function cliWith(env: Record<string, string>, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
