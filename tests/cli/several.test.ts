/**
 * Several projects in one command: each upgraded (checked, read) on its own, all or nothing
 * for each; one that fails changes nothing of its own and stops none of the others; a line per
 * project, a summary, exit 2 when any failed; --json one document with a `projects` list; a
 * progress line per project on a terminal.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadHdf5 } from '../../migrations/hdf5/index.ts';
import { NODE_WITHOUT_START_FAILURE, nodeWithoutStartDb } from '../../migrations/builders/damage.ts';
import { buildEntropyProject, rowMix } from '../../migrations/builders/entropy-project.ts';
import { main } from '../../src/cli/main.ts';
import { writeFiles } from '../oracle/kit.ts';
import { versionLoopingTriggerDb } from '../../migrations/builders/hostile.ts';
import { BIN, cli } from '../support/cli.ts';
import { build, entropy, HEAD, named, open, stepsToHead, versions } from '../support/db.ts';
import { tempDir } from '../support/temp.ts';

beforeAll(() => loadHdf5());

/** Five projects: three behind (with params.json and results), one at the head, one whose upgrade fails half-way. */
function lab(): { behind: string[]; atHead: string; failing: string } {
  const root = tempDir('em-several-');
  const behind = ['a', 'b', 'c'].map((name, i) => {
    const dir = join(root, name);
    const rows = rowMix({ experiments: [1, 2], perExperiment: 2, savedShare: 0.5, seed: i + 1 });
    writeFiles(dir, buildEntropyProject(open, { at: '04ae19b32c08', experiments: 2, rows, params: 'v0.1', seed: i + 1 }));
    return dir;
  });
  const atHead = join(root, 'd');
  mkdirSync(join(atHead, '.entropy'), { recursive: true });
  writeFileSync(join(atHead, '.entropy', 'entropy.db'), build(HEAD, { rowsPerExperiment: 0 }));
  // Fails at revision 9ffd2ba0d5bf, after three steps have run on its copy.
  const failing = join(root, 'e');
  writeFiles(failing, new Map([['.entropy/entropy.db', nodeWithoutStartDb(open, build('pre-alembic'))], ['.entropy/params.json', new TextEncoder().encode('{}')]]));
  return { behind, atHead, failing };
}

const filesOf = (dir: string) => new Map(['.entropy/entropy.db', '.entropy/params.json'].map((f) => [f, existsSync(join(dir, f)) ? readFileSync(join(dir, f)) : null]));

describe('upgrade of several projects', () => {
  it('upgrades each in place on its own; the one that fails is left as it was and stops no other', () => {
    const { behind, atHead, failing } = lab();
    const before = filesOf(failing);
    const r = cli('upgrade', ...behind, failing, atHead, '--in-place');
    expect(r.code).toBe(2);
    const lines = r.out.trim().split('\n');
    expect(lines).toEqual([
      ...behind.map((dir) => `${dir}: upgraded from ${named('04ae19b32c08')} to ${named(HEAD)} in ${stepsToHead('04ae19b32c08')} step(s); wrote ${dir}`),
      `${failing}: failed: ${NODE_WITHOUT_START_FAILURE}`,
      `${atHead}: already at ${named(HEAD)}; nothing written`,
      `4 of 5 projects upgraded (1 of them up to date already); 1 failed: ${failing}.`,
    ]);
    for (const dir of behind) {
      expect(versions(readFileSync(join(dir, '.entropy', 'entropy.db')))).toEqual([HEAD]);
      expect(existsSync(join(dir, '.entropy', 'params.json.997e336572b8.bak')) || existsSync(join(dir, '.entropy', 'params.json.06140c96c8c4.bak'))).toBe(true);
    }
    expect(filesOf(failing)).toEqual(before);
    expect(cli('check', failing).code, 'still behind, as before').toBe(1);
  });

  it('writes each into its own new folder without --in-place, and refuses -o', () => {
    const { behind, failing } = lab();
    const r = cli('upgrade', behind[0]!, failing);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`1 of 2 projects upgraded; 1 failed: ${failing}.`);
    expect(versions(readFileSync(join(`${behind[0]}.upgraded`, '.entropy', 'entropy.db')))).toEqual([HEAD]);
    expect(existsSync(`${failing}.upgraded`)).toBe(false);
    const o = cli('upgrade', behind[0]!, behind[1]!, '-o', join(behind[0]!, 'x'));
    expect(o.code).toBe(2);
    expect(o.err).toMatch(/^entropy-migrate: -o names one output, so it takes one project;/);
  });

  it('answers in --json with one document and a projects list', () => {
    const { behind, failing } = lab();
    const r = cli('upgrade', behind[0]!, failing, '--in-place', '--json');
    expect(r.code).toBe(2);
    const report = JSON.parse(r.out);
    expect(report.command).toBe('upgrade');
    expect(report.projects).toHaveLength(2);
    expect(report.projects[0]).toMatchObject({ path: behind[0], error: null, from: ['04ae19b32c08'], to: [HEAD], output: behind[0] });
    expect(report.projects[1]).toEqual({ path: failing, error: { code: 'STEP_FAILED', message: NODE_WITHOUT_START_FAILURE } });
    expect(report.summary).toBe(`1 of 2 projects upgraded; 1 failed: ${failing}.`);
    expect(r.err).toBe('');
  });
});

describe('check and current of several projects', () => {
  it('check: exit 1 when some are behind, 2 when one cannot be read', () => {
    const { behind, atHead, failing } = lab();
    const behindOnly = cli('check', behind[0]!, atHead);
    expect(behindOnly.code).toBe(1);
    expect(behindOnly.out.trim().split('\n')).toEqual([
      `${behind[0]}: needs upgrade (at ${named('04ae19b32c08')}; the head is ${named(HEAD)})`,
      `${atHead}: up to date (${named(HEAD)})`,
      `1 of 2 projects up to date; 1 needs upgrade: ${behind[0]}.`,
    ]);
    expect(cli('check', atHead, atHead).code).toBe(0);
    const missing = join(atHead, 'nowhere');
    const r = cli('check', atHead, missing, failing);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`${missing}: failed: There is no file or folder "${missing}".`);
  });

  it('current: each project\'s revisions', () => {
    const { behind, atHead } = lab();
    const r = cli('current', behind[0]!, atHead, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).projects.map((p: { path: string; revisions: string[] }) => [p.path, p.revisions])).toEqual([
      [behind[0], ['04ae19b32c08']],
      [atHead, [HEAD]],
    ]);
  });
});

describe('on a terminal', () => {
  it('prints a progress line per project on stderr, and none without one', async () => {
    const { behind, atHead } = lab();
    for (const progress of [true, false]) {
      const err: string[] = [];
      const out: string[] = [];
      const code = await main(['check', behind[0]!, atHead], entropy, { out: (l) => out.push(l), err: (l) => err.push(l) }, undefined, { progress });
      expect(code).toBe(1);
      expect(err).toEqual(progress ? [`checking 1 of 2: ${behind[0]}`, `checking 2 of 2: ${atHead}`] : []);
      expect(out).toHaveLength(3);
    }
  });
});

describe('stopped by Ctrl-C', () => {
  /** Runs the command, sends SIGINT a while after the first project's line, and reports how it ended. */
  function interrupted(args: string[]): Promise<{ status: number; out: string; err: string }> {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!sent && out.includes(': upgraded from')) {
        sent = true;
        setTimeout(() => child.kill('SIGINT'), 1500);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const stuck = setTimeout(() => child.kill('SIGKILL'), 60_000);
    return new Promise((resolve) =>
      child.on('close', (code, signal) => {
        clearTimeout(stuck);
        resolve({ status: code ?? (signal === 'SIGINT' ? 130 : -1), out, err });
      }),
    );
  }

  for (const engine of ['native', 'sqljs']) {
    it(`stops the command where it is, says so, and leaves the project it stopped in and those after it as they were (${engine})`, async () => {
      const root = tempDir('em-several-stop-');
      const dirs = ['p1', 'p2', 'p3'].map((name) => join(root, name));
      const inSqlite = () => build('04ae19b32c08', { savedInHdf5Share: 0 });
      const bytes = [inSqlite(), versionLoopingTriggerDb(open, inSqlite()), inSqlite()];
      dirs.forEach((dir, i) => writeFiles(dir, new Map([['.entropy/entropy.db', bytes[i]!]])));
      const r = await interrupted(['upgrade', ...dirs, '--in-place', '--engine', engine]);
      expect(r.status, r.err).toBe(130);
      const lines = r.out.trim().split('\n');
      expect(lines[0]).toMatch(new RegExp(`^${dirs[0]}: upgraded from `));
      // Stopped inside p2's run (the usual case), or, on a slow machine, just before it started.
      expect(lines.at(-1)).toMatch(new RegExp(`^1 of 3 projects upgraded; stopped (during ${dirs[1]}, which is unchanged; 1|by SIGINT before ${dirs[1]}; 2) not started\\.$`));
      for (const i of [1, 2]) expect(new Uint8Array(readFileSync(join(dirs[i]!, '.entropy', 'entropy.db')))).toEqual(bytes[i]);
    }, 120_000);
  }
});
