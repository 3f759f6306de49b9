/**
 * The CLI as people run it, whole process (Node start, sql.js load, read, checks, run,
 * export, atomic write), on files in /dev/shm like the native reference, so neither side
 * pays for a disk.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { timed } from './proc.ts';

const BIN = fileURLToPath(new URL('../bin/entropy-migrate.mjs', import.meta.url));
const FLOOR = fileURLToPath(new URL('./floor.mjs', import.meta.url));

export async function runCli(input: string, output: string): Promise<number> {
  rmSync(output, { force: true });
  const { ms } = await timed(process.execPath, [BIN, 'upgrade', input, '-o', output]);
  return ms;
}

/** The sql.js floor (bench/floor.mjs): read, export and write the file, no SQL; whole process. */
export async function runFloor(input: string, output: string): Promise<number> {
  rmSync(output, { force: true });
  const { ms } = await timed(process.execPath, [FLOOR, input, output]);
  return ms;
}
