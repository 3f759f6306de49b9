/**
 * The oracle kit (Entropy 0.15.9 itself, ../shared/entropy-oracle or $ENTROPY_ORACLE) and the
 * bundled CLI, run as child processes. Every child goes through one gate sized to the
 * machine's cores, so cases may run concurrently without overloading a 2-core CI runner.
 * The kit is read where it lies, never copied.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const KIT = resolve(process.env.ENTROPY_ORACLE ?? join(ROOT, '../shared/entropy-oracle'));
export const BIN = join(ROOT, 'bin/entropy-migrate.mjs');
const COMMANDS = ['make-project', 'entropy-upgrade', 'entropy-view', 'compare-views'];
export const kitPresent = COMMANDS.every((c) => existsSync(join(KIT, c)));

/** A sentence for the test that fails when the kit is not there. */
export const MISSING_KIT = `the oracle kit is not at ${KIT}: set ENTROPY_ORACLE or put it at ../shared/entropy-oracle, then run its setup.sh`;

export interface Ran {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
  readonly ms: number;
}

const slots = Math.max(1, Number(process.env.ORACLE_JOBS) || availableParallelism());
let busy = 0;
const waiting: (() => void)[] = [];

async function gated<T>(work: () => Promise<T>): Promise<T> {
  if (busy >= slots) await new Promise<void>((go) => waiting.push(go));
  busy++;
  try {
    return await work();
  } finally {
    busy--;
    waiting.shift()?.();
  }
}

/** Both sides run in UTC: our HDF5 time attribute, like Python's astimezone(), uses the local zone. */
const childEnv = { ...process.env, TZ: 'UTC' };

function run(command: string, args: readonly string[]): Promise<Ran> {
  return gated(
    () =>
      new Promise<Ran>((done, fail) => {
        const started = performance.now();
        const child = spawn(command, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (b: Buffer) => out.push(b));
        child.stderr.on('data', (b: Buffer) => err.push(b));
        child.on('error', fail);
        child.on('close', (code) =>
          done({ code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8'), ms: performance.now() - started }),
        );
      }),
  );
}

/** One of the kit's commands. */
export function kit(command: string, ...args: string[]): Promise<Ran> {
  if (!kitPresent) throw new Error(MISSING_KIT);
  return run(join(KIT, command), args);
}

/** The bundled entropy-migrate, as a user runs it. */
export function migrate(...args: string[]): Promise<Ran> {
  return run(process.execPath, [BIN, ...args]);
}

export type View = { calls: Record<string, { value?: unknown; exception?: string }> } & Record<string, unknown>;

/** entropy-view of a project folder into `out` (JSON), parsed. */
export async function view(project: string, out: string): Promise<View> {
  const r = await kit('entropy-view', project, out);
  if (r.code !== 0) throw new Error(`entropy-view ${project} exited ${r.code}: ${r.err}`);
  return JSON.parse(readFileSync(out, 'utf8')) as View;
}

/** compare-views with the project's own ignores; '' when the views are the same, else its lines. */
export async function compare(a: string, b: string, ...ignore: string[]): Promise<string> {
  // Byte sizes of files (file_sizes_*) differ by design: h5wasm lays out HDF5 files differently from h5py.
  const r = await kit('compare-views', a, b, '-n', '12', ...['file_sizes_*', ...ignore].flatMap((key) => ['--ignore', key]));
  if (r.code === 0) return '';
  if (r.code === 1) return r.out.trim();
  throw new Error(`compare-views failed (${r.code}): ${r.err}`);
}

/** Where --in-place keeps the originals for restore (a folder Entropy never reads). */
export const OUR_BACKUPS = '.entropy/entropy-migrate-backups/';

/**
 * compare() for a project upgraded --in-place: the views' file lists are compared without
 * OUR_BACKUPS, everything else as it is. '' when Entropy sees the same.
 */
export async function compareInPlace(a: string, b: string): Promise<string> {
  const lists = ['files_before_open', 'files_after_view'];
  const rest = await compare(a, b, ...lists);
  const listed = (file: string, key: string) => ((JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[] | undefined>)[key] ?? []).filter((f) => !f.startsWith(OUR_BACKUPS));
  const differing = lists.filter((key) => JSON.stringify(listed(a, key)) !== JSON.stringify(listed(b, key)));
  return [rest, ...differing.map((key) => `${key}: ${JSON.stringify(listed(a, key))} vs ${JSON.stringify(listed(b, key))}`)].filter(Boolean).join('\n');
}

/** Every regular file below `root`, as POSIX path -> sha256 (symlinks not followed). */
export function fingerprint(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path);
      else out[relative(root, path).split(sep).join('/')] = stat.isFile() ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'not a file';
    }
  };
  walk(root);
  return out;
}

/** Writes a project's files (relative path -> bytes) into `root`. */
export function writeFiles(root: string, files: ReadonlyMap<string, Uint8Array>): void {
  for (const [path, bytes] of files) {
    const target = join(root, ...path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
}
