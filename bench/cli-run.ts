/**
 * The CLI as people run it, whole process (Node start, load, read, checks, run, write), on
 * files in /dev/shm like the native reference, so neither side pays for a disk. On native
 * SQLite (the default) VACUUM's temporary database goes to /dev/shm too (SQLITE_TMPDIR), as
 * the reference's does; on sql.js it is in memory anyway.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SHM } from './native.ts';
import { measured, type Measured } from './proc.ts';

const BIN = fileURLToPath(new URL('../bin/entropy-migrate.mjs', import.meta.url));
const FLOOR = fileURLToPath(new URL('./floor.mjs', import.meta.url));

export type CliEngine = 'native' | 'sqljs';

export async function runCli(input: string, output: string, engine: CliEngine): Promise<Measured> {
  rmSync(output, { force: true });
  return measured(process.execPath, [BIN, 'upgrade', input, '-o', output, '--engine', engine], { env: { ...process.env, SQLITE_TMPDIR: SHM } });
}

/** The sql.js floor (bench/floor.mjs): read, export and write the file, no SQL; whole process. */
export async function runFloor(input: string, output: string): Promise<Measured> {
  rmSync(output, { force: true });
  return measured(process.execPath, [FLOOR, input, output]);
}
