/** What the numbers were measured on. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { SQLITE3 } from './fingerprint.ts';

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim().split('\n')[0]!;
  } catch {
    return 'not found';
  }
}

function sqlJsVersion(): string {
  const manifest = new URL('../node_modules/sql.js/package.json', import.meta.url);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly kernel: string;
  readonly node: string;
  readonly sqlite3: string;
  readonly sqlJs: string;
  readonly chromium: string;
  readonly load: string;
}

export function describeMachine(): Machine {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    kernel: `Linux ${release()}`,
    node: process.version,
    sqlite3: version(SQLITE3, ['--version']).split(' ').slice(0, 2).join(' '),
    sqlJs: sqlJsVersion(),
    chromium: version('/usr/bin/chromium', ['--version']),
    load: loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}
