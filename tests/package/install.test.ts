/**
 * The package as users get it: packed from this clone (prepack bundles the CLI), installed
 * with `npm install -g --prefix <empty folder>` and npm's defaults (the registry and the local
 * npm cache; npm builds native SQLite where it may), then used: the installed command upgrades
 * a project the builders make. And installed where better-sqlite3's build does not run
 * (--ignore-scripts): the command says once that it runs on sql.js, and works.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHdf5 } from '../../migrations/hdf5/index.ts';
import { buildEntropyProject, rowMix } from '../../migrations/builders/entropy-project.ts';
import { writeFiles } from '../oracle/kit.ts';
import { HEAD, open, versions } from '../support/db.ts';
import { fileTempDir } from '../support/temp.ts';

const ROOT = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  files: string[];
  devDependencies: Record<string, string>;
};
const TARBALL = `entropy-migrate-${pkg.version}.tgz`;
const work = fileTempDir('em-package-');

/** npm as a user runs it: none of the npm_* settings `npm run` hands its scripts. */
const userEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))),
  ...extra,
});

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, env: userEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Installs the packed tarball into a new empty prefix; returns the installed command's path and package folder. */
function install(name: string, ...flags: string[]): { bin: string; home: string } {
  const prefix = join(work, name);
  // "./" makes npm read a file: "a/b.tgz" would be taken for a GitHub repository.
  npm(['install', '-g', '--prefix', prefix, ...flags, `./${TARBALL}`], work);
  return { bin: join(prefix, 'bin', 'entropy-migrate'), home: join(prefix, 'lib', 'node_modules', 'entropy-migrate') };
}

function run(bin: string, args: string[], state: string) {
  const r = spawnSync(bin, args, { cwd: work, env: userEnv({ XDG_STATE_HOME: state }), encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function project(name: string): string {
  const dir = join(work, name);
  const rows = rowMix({ experiments: [1, 2, 3], perExperiment: 2, savedShare: 0.5, seed: 7 });
  writeFiles(dir, buildEntropyProject(open, { at: '04ae19b32c08', experiments: 3, rows, params: 'v0.1' }));
  return dir;
}

beforeAll(async () => {
  await loadHdf5();
  npm(['pack', '--pack-destination', work], ROOT);
});

describe('the packed package', () => {
  it('holds the bundle, the command, README, LICENSE and CHANGELOG, and nothing of the sources or tests', () => {
    const listed = execFileSync('tar', ['-tzf', join(work, TARBALL)], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(listed).toEqual(
      ['bin/entropy-migrate.mjs', 'dist-cli/entropy-migrate.mjs', 'README.md', 'LICENSE', 'CHANGELOG.md', 'package.json'].map((f) => `package/${f}`).sort(),
    );
  });
});

describe('installed with npm install -g and npm defaults', () => {
  let installed: { bin: string; home: string };
  beforeAll(() => {
    installed = install('defaults');
  }, 600_000);

  it('brings the run-time dependencies only, and says its version', () => {
    const deps = readdirSync(join(installed.home, 'node_modules'));
    for (const dev of Object.keys(pkg.devDependencies)) expect(deps, dev).not.toContain(dev.split('/')[0]);
    expect(deps).toEqual(expect.arrayContaining(['sql.js', 'h5wasm']));
    const r = run(installed.bin, ['--version'], join(work, 'state-defaults'));
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`entropy-migrate ${pkg.version}`);
    // Where npm built better-sqlite3, the command runs native; where it could not, sql.js.
    const built = existsSync(join(installed.home, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
    expect(r.out).toContain(built ? 'runs on native SQLite' : 'runs on sql.js');
  });

  it('upgrades a project in place with the installed command', () => {
    const dir = project('lab-defaults');
    const r = run(installed.bin, ['upgrade', dir, '--in-place'], join(work, 'state-defaults'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Upgraded the project ${dir} from 04ae19b32c08`);
    expect(versions(readFileSync(join(dir, '.entropy', 'entropy.db')))).toEqual([HEAD]);
    expect(existsSync(join(dir, '.entropy', 'hdf5', '1.hdf5'))).toBe(true);
    expect(run(installed.bin, ['check', dir], join(work, 'state-defaults')).code).toBe(0);
  });
});

describe('installed where better-sqlite3 may not be built', () => {
  it('says once that it runs on sql.js, and upgrades the projects scan lists', () => {
    const { bin } = install('no-scripts', '--ignore-scripts');
    const state = join(work, 'state-no-scripts');
    const lab = join(work, 'lab-no-scripts');
    const first = project(join('lab-no-scripts', 'a'));
    const second = project(join('lab-no-scripts', 'b'));

    const scanned = run(bin, ['scan', lab, '--json'], state);
    expect(scanned.code, scanned.err).toBe(1);
    expect(scanned.err).toMatch(/^note: entropy-migrate runs on sql\.js, because native SQLite \(better-sqlite3\) cannot be loaded: .*Every command works;.*--allow-scripts=better-sqlite3.*This note is shown once/);
    const found = JSON.parse(scanned.out) as { version: string; projects: { path: string; atHead: boolean }[] };
    expect(found.version).toBe(pkg.version);
    expect(found.projects.map((p) => [p.path, p.atHead])).toEqual([[first, false], [second, false]]);

    const upgraded = run(bin, ['upgrade', ...found.projects.map((p) => p.path), '--in-place'], state);
    expect(upgraded.code, upgraded.err).toBe(0);
    expect(upgraded.err, 'said once, not again').not.toContain('sql.js');
    expect(upgraded.out).toContain('2 of 2 projects upgraded.');
    for (const dir of [first, second]) expect(versions(readFileSync(join(dir, '.entropy', 'entropy.db')))).toEqual([HEAD]);
    expect(run(bin, ['--version'], state).out).toContain('runs on sql.js (native SQLite cannot be loaded');
  });
});
