/**
 * One big value against the memory budget (issue 19): a project whose one waiting result is a
 * float64 array of SIZE MB (default 500), upgraded into a new folder by the CLI at
 * --memory-limit 512M (it must stop with its sentence, holding little) and at the default 2G
 * (it must finish, its peak RSS under the budget plus the documented 256 MB, plus the pages
 * of the database native SQLite maps), and by Entropy 0.15.9's own `entropy upgrade` (the
 * oracle kit, when it is beside the clone) as the reference for time and memory.
 *
 *   npm run bench:big-value [-- --size 500]
 *
 * Peak RSS comes from GNU time (/usr/bin/time); without it the memory columns are empty.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chain } from '../migrations/index.ts';
import { hostileProject } from '../migrations/builders/hostile-project.ts';
import { npyOf } from '../migrations/builders/python-values.ts';
import { nodeOpener } from '../src/sqljs/node.ts';
import { KIT } from './entropy-alembic.ts';
import { SHM } from './native.ts';
import { measured, type Measured } from './proc.ts';

const BIN = fileURLToPath(new URL('../bin/entropy-migrate.mjs', import.meta.url));
const KIT_COMMAND = 'source "$1/env.sh" && shift && exec "$@"';
const MB = 2 ** 20;

async function buildProject(folder: string, sizeMb: number): Promise<void> {
  const values = new Float64Array((sizeMb * MB) / 8);
  for (let i = 0; i < values.length; i += 512) values[i] = i;
  const npy = npyOf(values, [values.length]);
  const files = hostileProject(await nodeOpener(), { at: chain.head!, rows: [{ label: 'a big trace', data: npy.data, dataType: npy.dataType }] });
  for (const [path, bytes] of files) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), bytes);
  }
}

/** A run that may fail (the tight limit must): its exit, time and peak. */
async function attempt(run: () => Promise<Measured>): Promise<{ ok: boolean; ms: number; peakMb: number | null; said: string }> {
  const started = performance.now();
  try {
    const r = await run();
    return { ok: true, ms: r.ms, peakMb: r.peakRssBytes === null ? null : Math.round(r.peakRssBytes / MB), said: r.stdout.trim().split('\n').pop() ?? '' };
  } catch (error) {
    return { ok: false, ms: performance.now() - started, peakMb: null, said: String((error as Error).message).split('\n').pop() ?? '' };
  }
}

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '500' } } });
const sizeMb = Number(args.size);
const template = join(SHM, `entropy-bench-big-value-${sizeMb}`);
rmSync(template, { recursive: true, force: true });
await buildProject(template, sizeMb);

const rows: string[] = [];
const row = (name: string, r: Awaited<ReturnType<typeof attempt>>) =>
  rows.push(`| ${name} | ${r.ok ? 'finished' : 'refused'} | ${(r.ms / 1000).toFixed(1)} s | ${r.peakMb ?? 'n/a'} MB |`);
for (const limit of ['512M', '2G']) {
  const out = `${template}.out-${limit}`;
  rmSync(out, { recursive: true, force: true });
  // GNU time's own exit is the command's: a refusal (exit 2) is caught, its peak measured again below.
  const r = await attempt(() => measured(process.execPath, [BIN, 'upgrade', template, '-o', out, '--memory-limit', limit]));
  if (!r.ok) {
    const again = await attempt(() => measured('bash', ['-c', `"$@"; exit 0`, '_', process.execPath, BIN, 'upgrade', template, '-o', out, '--memory-limit', limit]));
    r.peakMb = again.peakMb;
  }
  row(`entropy-migrate --memory-limit ${limit}`, r);
  rmSync(out, { recursive: true, force: true });
}
const entropyCopy = `${template}.entropy`;
rmSync(entropyCopy, { recursive: true, force: true });
cpSync(template, entropyCopy, { recursive: true });
row('Entropy 0.15.9 `entropy upgrade`', await attempt(() => measured('bash', ['-c', KIT_COMMAND, '_', KIT, 'entropy-upgrade', entropyCopy])));
rmSync(entropyCopy, { recursive: true, force: true });
rmSync(template, { recursive: true, force: true });

console.log(`A project with one ${sizeMb} MB value waiting in SQLite (the budget: --memory-limit plus 256 MB for the runtime):\n`);
console.log('| run | outcome | wall time | peak RSS |\n|---|---|---|---|');
for (const line of rows) console.log(line);
