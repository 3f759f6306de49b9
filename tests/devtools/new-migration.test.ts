/** `npm run migration:new`, run in a copy of the project as a developer would run it. */
import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { newMigration } from '../../src/devtools/new-migration.ts';
import { loadProject } from '../../src/devtools/project.ts';
import { migrationFileName, slugify, writeRevision } from '../../src/devtools/scaffold.ts';
import { styleProblems } from './code-style.ts';
import { SLOW_TOOL_MS, TempProject } from './temp-project.ts';
import { HEAD } from '../support/db.ts';

const REV = 'a1b2c3d4e5f6';

describe('npm run migration:new', { timeout: SLOW_TOOL_MS }, () => {
  const project = new TempProject();
  afterAll(() => project.remove());
  const fileOf = (rev: string) => readdirSync(project.path('migrations')).find((f) => f.includes(`_${rev}_`));

  it('writes a revision on top of the head and registers it, and it becomes the head', async () => {
    const out = project.npm('migration:new', ['-m', 'Add samples table', '--rev-id', REV]);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(`tests/migrations/${REV}.test.ts`);
    expect(out.stdout).toContain(`replace the TODO in migrations/${fileOf(REV)} with release: '<version>'`);
    const file = fileOf(REV)!;
    expect(file).toMatch(new RegExp(`^\\d{4}(-\\d\\d){5}_${REV}_add_samples_table\\.ts$`));

    const source = project.read(`migrations/${file}`);
    const createDate = /createDate: '([^']+)'/.exec(source)![1]!;
    expect(file).toBe(migrationFileName(createDate, REV, 'Add samples table'));
    expect(source).toBe(`/** Add samples table. */
import { defineMigration, NotImplementedError } from '../src/engine/index.ts';

export default defineMigration({
  revision: '${REV}',
  downRevision: '${HEAD}',
  message: 'Add samples table',
  createDate: '${createDate}',
  summary: 'Add samples table',
  title: 'Add samples table',
  undoTitle: 'Undo: Add samples table',
  // TODO release: '<version>', the first Entropy release that ships this revision.
  upgrade() {
    throw new NotImplementedError('${REV}', 'upgrade');
  },
  downgrade() {
    throw new NotImplementedError('${REV}', 'downgrade');
  },
});
`);
    expect(styleProblems(source)).toEqual([]);

    const registry = project.read('migrations/index.ts');
    expect(registry).toContain(`import m${HEAD} from './${fileOf(HEAD)}';\nimport m${REV} from './${file}';\n`);
    expect(registry).toContain(`  m${HEAD},\n  m${REV},\n  // migration:new inserts here\n`);

    expect((await loadProject(project.root)).chain.heads).toEqual([REV]);
    expect(project.cli(['heads']).stdout).toContain(`${HEAD} -> ${REV} (head), Add samples table`);
  });

  it('type-checks, migration and test file alike', () => {
    const out = project.typecheck();
    expect(out.stdout + out.stderr).toBe('');
    expect(out.status).toBe(0);
  });

  it('writes a test whose upgrade and downgrade tests fail until the migration is written', () => {
    const out = project.vitest(`tests/migrations/${REV}.test.ts`);
    const output = out.stdout + out.stderr;
    expect(out.status).toBe(1);
    expect(output).toMatch(/Tests\s+2 failed \(2\)/);
    expect(output.match(/The upgrade of revision a1b2c3d4e5f6 is not written yet/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses to guess when the chain has several heads, and follows --head', async () => {
    // A second line of development from the same parent as REV.
    writeRevision(await loadProject(project.root), {
      doc: 'A branch.',
      revision: 'b1b2c3d4e5f6',
      downRevision: HEAD,
      message: 'branch',
      createDate: '2030-01-01 00:00:00',
      summary: 'branch',
      imports: [],
      upgrade: { usesOp: false, lines: [] },
      downgrade: { usesOp: false, lines: [] },
    }, false);
    const refused = project.npm('migration:new', ['-m', 'next']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`several heads (${REV}, b1b2c3d4e5f6)`);
    expect(refused.stderr).toContain('--head REV');
    expect(readdirSync(project.path('migrations')).filter((f) => f.includes('_next.ts'))).toEqual([]);

    const written = newMigration(await loadProject(project.root), { message: 'next', head: 'b1b2', revId: 'c1b2c3d4e5f6' });
    expect(project.read(written.file)).toContain(`downRevision: 'b1b2c3d4e5f6',`);
    expect((await loadProject(project.root)).chain.heads.sort()).toEqual([REV, 'c1b2c3d4e5f6']);
  });

  it('refuses a missing message, a taken --rev-id, and a --head that is not a head', async () => {
    const loaded = await loadProject(project.root);
    expect(() => newMigration(loaded, {})).toThrow(/-m "<message>"/);
    expect(() => newMigration(loaded, { message: 'x', head: REV, revId: REV })).toThrow(/already has that revision/);
    expect(() => newMigration(loaded, { message: 'x', head: HEAD })).toThrow(`${HEAD} is not a head`);
    expect(() => newMigration(loaded, { message: 'x', head: REV, release: "0.16'" })).toThrow(/--release "0\.16'"/);
  });

  it('gives fresh revisions 12 hex digits', async () => {
    const written = newMigration(await loadProject(project.root), { message: 'fresh', head: REV });
    expect(written.revision).toMatch(/^[0-9a-f]{12}$/);
  });

  it('writes the release given with --release, and then no TODO', () => {
    const out = project.npm('migration:new', ['-m', 'released', '--head', 'c1b2', '--rev-id', 'd1b2c3d4e5f6', '--release', '0.16.0']);
    expect(out.stderr).toBe('');
    expect(out.stdout).not.toContain('TODO');
    const source = project.read(`migrations/${fileOf('d1b2c3d4e5f6')}`);
    expect(source).toContain(`  summary: 'released',\n  title: 'Released',\n  undoTitle: 'Undo: released',\n  release: '0.16.0',\n  upgrade() {`);
    expect(source).not.toContain('TODO');
    expect(project.cli(['heads']).stdout).toContain(`c1b2c3d4e5f6 -> d1b2c3d4e5f6 (head), released  [Entropy 0.16.0]`);
  });
});

describe('revision file names', () => {
  it('use Alembic slugs: words of the message, lower case, cut at 40 characters', () => {
    expect(slugify('ParamStore JSON v0.3')).toBe('paramstore_json_v0_3');
    expect(slugify('Add col saved_in_hdf5')).toBe('add_col_saved_in_hdf5');
    expect(slugify('a very long description of what this revision does to the tables')).toBe('a_very_long_description_of_what_this_');
    expect(migrationFileName('2022-08-07 11:53:59', '997e336572b8', 'ParamStore JSON v0.3')).toBe('2022-08-07-11-53-59_997e336572b8_paramstore_json_v0_3.ts');
  });
});
