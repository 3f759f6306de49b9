/**
 * Start-up (issue 14): `entropy-migrate --help` the way the README runs it (the command that
 * `npm link` puts on PATH is bin/entropy-migrate.mjs), whole process, beside a bare `node -e 0`
 * so that what the tool adds to Node's own start is visible. Interleaved, medians.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { timed } from './proc.ts';
import { median } from './stats.ts';

const BIN = fileURLToPath(new URL('../bin/entropy-migrate.mjs', import.meta.url));
const JSON_PATH = new URL('./startup.json', import.meta.url);

export interface Startup {
  readonly when: string;
  readonly runs: number;
  readonly helpMs: number;
  readonly nodeMs: number;
  readonly loadAverage: string;
}

export async function measureStartup(runs = 11): Promise<Startup> {
  const help: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < runs; i++) {
    help.push((await timed(process.execPath, [BIN, '--help'])).ms);
    node.push((await timed(process.execPath, ['-e', '0'])).ms);
  }
  const startup = { when: new Date().toISOString(), runs, helpMs: median(help), nodeMs: median(node), loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') };
  writeFileSync(JSON_PATH, `${JSON.stringify(startup, null, 2)}\n`);
  return startup;
}

export function loadStartup(): Startup | null {
  return existsSync(JSON_PATH) ? (JSON.parse(readFileSync(JSON_PATH, 'utf8')) as Startup) : null;
}

/** The results.md lines for the last measurement. */
export function startupLines(startup: Startup): string[] {
  return [
    '| command | median of ' + startup.runs + ' |',
    '|:---|---:|',
    `| \`entropy-migrate --help\` (bin/entropy-migrate.mjs, as \`npm link\` installs it) | ${startup.helpMs.toFixed(0)} ms |`,
    `| \`node -e 0\` (Node's own start) | ${startup.nodeMs.toFixed(0)} ms |`,
    '',
    `Measured ${startup.when}, load average at start ${startup.loadAverage}. Target: under 200 ms.`,
  ];
}
