/** entropy-migrate merge, run from source in a copy of the project that has two heads. */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chain } from '../../migrations/index.ts';
import { checkChainIsCurrent } from '../../src/devtools/merge.ts';
import { loadProject } from '../../src/devtools/project.ts';
import { writeRevision } from '../../src/devtools/scaffold.ts';
import { plan, readVersions, run } from '../../src/engine/index.ts';
import { styleProblems } from './code-style.ts';
import { SLOW_TOOL_MS, TempProject } from './temp-project.ts';
import { HEAD, open } from '../support/db.ts';

async function branch(project: TempProject, revision: string): Promise<void> {
  writeRevision(await loadProject(project.root), {
    doc: `Branch ${revision}.`,
    revision,
    downRevision: HEAD,
    message: `branch ${revision}`,
    createDate: '2030-01-01 00:00:00',
    summary: 'Adds a table.',
    imports: [],
    upgrade: { usesOp: true, lines: [`    op.execute('CREATE TABLE t_${revision} (x INTEGER)');`] },
    downgrade: { usesOp: true, lines: [`    op.dropTable('t_${revision}');`] },
  }, false);
}

describe('entropy-migrate merge', { timeout: SLOW_TOOL_MS }, () => {
  const project = new TempProject();
  afterAll(() => project.remove());
  beforeAll(async () => {
    await branch(project, 'aaaa00000001');
    await branch(project, 'bbbb00000002');
  });

  it('joins the two heads in one revision that becomes the only head', async () => {
    const out = project.dev(['merge', '-m', 'Merge the branches', '--rev-id', 'cccc00000003', 'aaaa', 'bbbb']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const file = readdirSync(project.path('migrations')).find((f) => f.includes('_cccc00000003_merge_the_branches.ts'))!;
    const source = project.read(`migrations/${file}`);
    expect(source.replace(/createDate: '[^']+'/, "createDate: '<date>'")).toBe(`/** Merge the branches. */
import { defineMigration } from '../src/engine/index.ts';

export default defineMigration({
  revision: 'cccc00000003',
  downRevision: ['aaaa00000001', 'bbbb00000002'],
  message: 'Merge the branches',
  createDate: '<date>',
  summary: 'Joins the lines ending at aaaa00000001 and bbbb00000002; changes nothing itself.',
  title: 'Merge the branches',
  undoTitle: 'Undo: Merge the branches',
  upgrade() {},
  downgrade() {},
});
`);
    expect(styleProblems(source)).toEqual([]);

    const merged = (await loadProject(project.root)).chain;
    expect(merged.heads).toEqual(['cccc00000003']);
    const db = open(null);
    const result = run(db, merged, plan(db, merged, 'upgrade', 'head'));
    expect(result.steps.map((s) => s.revision).slice(-3).sort()).toEqual(['aaaa00000001', 'bbbb00000002', 'cccc00000003']);
    expect(readVersions(db)).toEqual(['cccc00000003']);
    db.close();
    expect(project.typecheck().status).toBe(0);
  });

  it('joins all heads when none are named, and refuses when there is only one', () => {
    const out = project.dev(['merge', '-m', 'again']);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('nothing to merge');
  });

  it('refuses revisions on the same line', () => {
    const out = project.dev(['merge', '-m', 'x', HEAD, 'aaaa00000001']);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(`${HEAD} is already below aaaa00000001`);
  });

  it('refuses to run from a CLI bundle older than the project', () => {
    expect(() => checkChainIsCurrent(project.path('migrations'), chain)).toThrow(/was built before revision\(s\) .*aaaa00000001/);
    expect(() => checkChainIsCurrent(project.path('migrations'), chain)).toThrow(/npm run build:cli/);
  });
});
