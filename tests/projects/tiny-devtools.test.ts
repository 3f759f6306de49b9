/**
 * The second project through the developer tools, in a copy of the checkout: pointed at
 * Tiny's registry (--project), they write its next revision beside Tiny's revisions, its test
 * where Tiny's definition says, built with Tiny's builder, compare with Tiny's model, and
 * print Tiny's SQL. Nothing of Entropy's folder is touched.
 */
import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { devCommand } from '../../src/devtools/cli.ts';
import { newMigration } from '../../src/devtools/new-migration.ts';
import { loadModel, loadProject } from '../../src/devtools/project.ts';
import { diffSchemas, introspect, Migrator, readVersions } from '../../src/engine/index.ts';
import { SLOW_TOOL_MS, TempProject } from '../devtools/temp-project.ts';
import { open } from '../support/db.ts';
import { buildTinyDb } from './tiny/build.ts';
import { model } from './tiny/model.ts';
import { tiny } from './tiny/index.ts';

const REGISTRY = 'tests/projects/tiny/index.ts';
const FOLDER = 'tests/projects/tiny';

describe("Tiny's declared model", () => {
  it('is what its chain builds, so autogenerate starts from nothing to do', () => {
    const db = open(buildTinyDb(open, { at: 'heads', samples: [] }));
    try {
      const built = introspect(db, { skipVersionTable: true });
      expect(diffSchemas(built, model)).toEqual({ ops: [], notices: [] });
      expect(diffSchemas(model, built)).toEqual({ ops: [], notices: [] });
    } finally {
      db.close();
    }
  });
});

describe('the developer tools on a second project', { timeout: SLOW_TOOL_MS }, () => {
  const project = new TempProject([FOLDER]);
  afterAll(() => project.remove());
  const entropyFiles = readdirSync(project.path('migrations')).sort();
  const tinyFile = (rev: string) => readdirSync(project.path(FOLDER)).find((f) => f.includes(`_${rev}_`));

  it('autogenerates from its model a revision beside its own, with a test on its builder that passes', async () => {
    project.write(
      `${FOLDER}/model.ts`,
      project.read(`${FOLDER}/model.ts`).replace("{ name: 'weight', type: 'REAL' },", "{ name: 'weight', type: 'REAL' },\n        { name: 'colour', type: 'TEXT' },"),
    );
    const out = project.npm('migration:autogenerate', ['--project', REGISTRY, '-m', 'add colour', '--rev-id', 'c3c3c3c3c3c3']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('Detected: adds column samples.colour');
    expect(out.stdout).toContain(`and registered c3c3c3c3c3c3 in ${REGISTRY}.`);

    const file = tinyFile('c3c3c3c3c3c3')!;
    expect(file).toMatch(/^\d{4}(-\d\d){5}_c3c3c3c3c3c3_add_colour\.ts$/);
    const source = project.read(`${FOLDER}/${file}`);
    expect(source).toContain(`Generated from ${FOLDER}/model.ts by migration:autogenerate.`);
    expect(source).toContain("from '../../../src/engine/index.ts';");
    expect(source).toContain("op.addColumn('samples', { name: 'colour', type: t.Text });");
    expect(source).toContain("  title: 'Add colour',\n  undoTitle: 'Undo: add colour',\n  // TODO release: '<version>', the first Tiny release that ships this revision.\n");
    expect(project.read(REGISTRY)).toContain("  mb2b2b2b2b2b2,\n  mc3c3c3c3c3c3,\n  // migration:new inserts here");

    const test = project.read(`${FOLDER}/tests/c3c3c3c3c3c3.test.ts`);
    expect(test).toContain("import { project } from '../index.ts';");
    expect(test).toContain("import { buildTinyDb } from '../build.ts';");
    expect(test).not.toMatch(/entropy/i);
    const run = project.vitest(`${FOLDER}/tests/c3c3c3c3c3c3.test.ts`);
    expect(run.stdout + run.stderr).toMatch(/Tests\s+2 passed \(2\)/);

    // Entropy's project is not the one the tools were pointed at: its folder is as it was.
    expect(readdirSync(project.path('migrations')).sort()).toEqual(entropyFiles);
    const loaded = await loadProject(project.root, REGISTRY);
    expect(loaded.chain.heads).toEqual(['c3c3c3c3c3c3']);
    expect(diffSchemas(await headSchema(loaded.definition), await loadModel(loaded))).toEqual({ ops: [], notices: [] });
  });

  it('scaffolds an empty revision on the new head, and prints its SQL', async () => {
    const loaded = await loadProject(project.root, REGISTRY);
    const written = newMigration(loaded, { message: 'sort samples', revId: 'd4d4d4d4d4d4', release: '3.0' });
    expect(written.file).toBe(`${FOLDER}/${tinyFile('d4d4d4d4d4d4')}`);
    expect(written.test).toBe(`${FOLDER}/tests/d4d4d4d4d4d4.test.ts`);
    expect(project.read(written.file)).toContain("  downRevision: 'c3c3c3c3c3c3',");

    const out: string[] = [];
    await devCommand(project.root, ['sql', '--project', REGISTRY, '--from', 'base', '--to', 'c3c3c3c3c3c3'], { out: (line) => out.push(line) });
    expect(out.join('\n')).toContain('-- Tiny offline SQL: upgrade from base to c3c3c3c3c3c3.');
    expect(out.join('\n')).toContain('CREATE TABLE samples (id INTEGER PRIMARY KEY');
    expect(out.join('\n')).toContain('ALTER TABLE samples ADD COLUMN colour TEXT;');
  });

  it('refuses a registry that exports no project, naming it', async () => {
    await expect(loadProject(project.root, `${FOLDER}/model.ts`)).rejects.toThrow(`${FOLDER}/model.ts does not export the project's definition as \`project\``);
  });
});

/** The schema the chain of `definition` builds on an empty database. */
async function headSchema(definition: typeof tiny) {
  const empty = open(null);
  const bytes = empty.export();
  empty.close();
  const db = open(new Migrator(open, definition).migrate(bytes, { direction: 'upgrade' }).bytes);
  try {
    expect(readVersions(db)).toEqual(definition.chain.heads);
    return introspect(db, { skipVersionTable: true });
  } finally {
    db.close();
  }
}
