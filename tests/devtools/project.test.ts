/**
 * How the developer tools find a project and what they refuse: the registry package.json
 * names, a registry without a definition, a definition that says nothing of its model and
 * tests; the titles a new revision starts with; the imports of generated files.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newMigration } from '../../src/devtools/new-migration.ts';
import { configuredRegistry, importSpecifier, loadModel, loadProject } from '../../src/devtools/project.ts';
import { revisionWords } from '../../src/devtools/render.ts';
import { tempDir } from '../support/temp.ts';

const ENGINE = pathToFileURL(join(import.meta.dirname, '../../src/engine/index.ts')).href;

/** A one-revision project in a temp folder, its registry at lab/index.ts; `development` as given. */
function labProject(development: string | null): string {
  const root = tempDir('em-devtools-project-');
  writeFileSync(join(root, 'package.json'), JSON.stringify({ devtools: { project: 'lab/index.ts' } }));
  const registry = `import { defineMigration, defineProject } from '${ENGINE}';

export const project = defineProject({
  name: 'Lab',
  migrations: [
    defineMigration({
      revision: 'aaaaaaaaaaaa', downRevision: null, message: 'first', createDate: '2024-01-01 00:00:00', summary: 'Nothing.',
      upgrade() {}, downgrade() {},
    }),
    // migration:new inserts here
  ],
  layout: { database: 'lab.db', wantsFile: () => false },
  databaseHint: 'choose lab.db',
  recognise: () => true,
  releaseOf: () => 'Lab',${development === null ? '' : `\n  development: ${development},`}
});
`;
  mkdirSync(join(root, 'lab'));
  writeFileSync(join(root, 'lab/index.ts'), registry);
  return root;
}

describe('finding the project', () => {
  it('reads the registry package.json names, and says how to name one when it does not', () => {
    const root = labProject(null);
    expect(configuredRegistry(root)).toBe('lab/index.ts');
    writeFileSync(join(root, 'package.json'), '{}');
    expect(() => configuredRegistry(root)).toThrow(`${join(root, 'package.json')} does not name the project: add "devtools": { "project": "<folder>/index.ts" }`);
    expect(() => configuredRegistry(tempDir('em-devtools-empty-'))).toThrow(/has no package\.json/);
  });

  it('refuses to write a revision test for a project that does not say where they go, and writes nothing', async () => {
    const root = labProject(null);
    const project = await loadProject(root);
    expect(project.folder).toBe('lab');
    const registry = readFileSync(join(root, 'lab/index.ts'), 'utf8');
    expect(() => newMigration(project, { message: 'second' })).toThrow(
      'Lab (lab/index.ts) does not say where its model and revision tests are: give its defineProject a `development` entry.',
    );
    await expect(loadModel(project)).rejects.toThrow(/`development` entry/);
    expect(readdirSync(join(root, 'lab'))).toEqual(['index.ts']);
    expect(readFileSync(join(root, 'lab/index.ts'), 'utf8')).toBe(registry);
  });

  it('writes the revision beside the registry and its test where the definition says, importing its builder', async () => {
    const root = labProject(`{ model: 'lab/model.ts', tests: 'checks', builder: { module: 'tools/build.ts', name: 'buildLab' } }`);
    const written = newMigration(await loadProject(root), { message: 'second', revId: 'bbbbbbbbbbbb' });
    expect(written.file).toMatch(/^lab\/\d{4}(-\d\d){5}_bbbbbbbbbbbb_second\.ts$/);
    expect(written.test).toBe('checks/bbbbbbbbbbbb.test.ts');
    expect(written.registry).toBe('lab/index.ts');
    const test = readFileSync(join(root, 'checks/bbbbbbbbbbbb.test.ts'), 'utf8');
    expect(test).toContain("import { project } from '../lab/index.ts';");
    expect(test).toContain("import { buildLab } from '../tools/build.ts';");
    expect(test).toContain("import { nodeOpener } from '../src/sqljs/node.ts';");
    expect(test).toContain('const start = buildLab(open, { at: DOWN_REVISION });');
    expect(readFileSync(join(root, written.file), 'utf8')).toContain("from '../src/engine/index.ts';");
  });

  it('refuses a builder name a test cannot import', async () => {
    const root = labProject(`{ model: 'lab/model.ts', tests: 'checks', builder: { module: 'tools/build.ts', name: 'build-lab' } }`);
    const project = await loadProject(root);
    expect(() => newMigration(project, { message: 'second' })).toThrow(/development\.builder\.name "build-lab"/);
  });
});

describe('what the tools write', () => {
  it('starts a revision with titles from its message, up and down', () => {
    expect(revisionWords('add lab notes')).toEqual({ title: 'Add lab notes', undoTitle: 'Undo: add lab notes' });
    expect(revisionWords(' Merge the branches. ')).toEqual({ title: 'Merge the branches', undoTitle: 'Undo: Merge the branches' });
    expect(revisionWords('...')).toEqual({ title: '...', undoTitle: 'Undo: ...' });
  });

  it('imports by paths relative to the file written', () => {
    expect(importSpecifier('migrations/x.ts', 'src/engine/index.ts')).toBe('../src/engine/index.ts');
    expect(importSpecifier('tests/projects/tiny/tests/x.test.ts', 'tests/projects/tiny/build.ts')).toBe('../build.ts');
    expect(importSpecifier('x.ts', 'lab/index.ts')).toBe('./lab/index.ts');
  });
});
