/**
 * A throwaway copy of the project for the developer tools to write into, so tests never
 * touch the real migrations/ folder. node_modules is linked, not copied.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
// The page and the worker are not needed by the tools, and are someone else's work in progress.
const SOURCES = ['src/engine', 'src/sqljs', 'src/native', 'src/devtools', 'src/cli', 'migrations', 'package.json', 'tsconfig.json'];

/**
 * For tests that run commands in the copy (npm scripts, tsx, tsc, vitest): one such command
 * takes 5-35 s on a loaded two-core machine, and a test may run three.
 */
export const SLOW_TOOL_MS = 120_000;

export interface RunOutput {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class TempProject {
  readonly root = mkdtempSync(join(tmpdir(), 'entropy-migrate-devtools-'));

  /** `extra`: more paths of the checkout to copy (another project's folder). */
  constructor(extra: readonly string[] = []) {
    for (const path of [...SOURCES, ...extra]) cpSync(join(ROOT, path), join(this.root, path), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(this.root, 'node_modules'), 'dir');
    mkdirSync(this.path('.tmp'));
  }

  path(relative: string): string {
    return join(this.root, relative);
  }

  read(relative: string): string {
    return readFileSync(this.path(relative), 'utf8');
  }

  write(relative: string, text: string | Uint8Array): void {
    mkdirSync(dirname(this.path(relative)), { recursive: true });
    writeFileSync(this.path(relative), text);
  }

  /** Runs a command in the copy, as a developer would in the project folder. */
  run(command: string, args: readonly string[]): RunOutput {
    // The commands' own temporary files (tsx's cache and pipes, vitest's) go inside the copy,
    // so remove() takes them along.
    const env = { ...process.env, NO_COLOR: '1', npm_config_loglevel: 'error', TMPDIR: this.path('.tmp') };
    const result = spawnSync(command, args, { cwd: this.root, encoding: 'utf8', env });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  npm(script: string, args: readonly string[]): RunOutput {
    return this.run('npm', ['run', '--silent', script, '--', ...args]);
  }

  /** The CLI from source, so it sees the copy's registry (the bundle has its own). */
  cli(args: readonly string[]): RunOutput {
    return this.run(join(this.root, 'node_modules/.bin/tsx'), ['src/cli/bin.ts', ...args]);
  }

  /** The developer entry point (merge, sql), as `npm run migration:merge` starts it. */
  dev(args: readonly string[]): RunOutput {
    return this.run(join(this.root, 'node_modules/.bin/tsx'), ['src/devtools/cli.ts', ...args]);
  }

  /** tsc over the migrations and their tests (and what they import), in strict mode. */
  typecheck(): RunOutput {
    this.write('tsconfig.check.json', JSON.stringify({ extends: './tsconfig.json', include: ['migrations', 'tests/migrations'] }));
    return this.run(join(this.root, 'node_modules/.bin/tsc'), ['--noEmit', '-p', 'tsconfig.check.json']);
  }

  vitest(file: string): RunOutput {
    return this.run(join(this.root, 'node_modules/.bin/vitest'), ['run', file, '--root', this.root]);
  }

  /** Replaces migrations/model.ts with `source`, keeping the original as model-head.ts. */
  declare(source: string): void {
    this.write('migrations/model-head.ts', this.read('migrations/model.ts'));
    this.write('migrations/model.ts', source);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
