/**
 * `npm run migration:autogenerate` in a copy of the project whose declared model changed:
 * the migration it writes must take a head database to the declared schema and back, and
 * read like one a person wrote.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { model } from '../../migrations/model.ts';
import { loadProject } from '../../src/devtools/project.ts';
import { diffSchemas, introspect, migrateBytes, normalizeSchema, plan, run, type Schema } from '../../src/engine/index.ts';
import { styleProblems } from './code-style.ts';
import { changeModel } from './schema-changes.ts';
import { SLOW_TOOL_MS, TempProject } from './temp-project.ts';
import { HEAD, open } from '../support/db.ts';

const REV = 'feedc0ffee01';
const changedModel = changeModel(model);

/** A copy of the project whose migrations/model.ts declares `changeModel(head)`. */
function projectWithChangedModel(): TempProject {
  const project = new TempProject();
  project.write('tests/devtools/schema-changes.ts', readFileSync(new URL('./schema-changes.ts', import.meta.url), 'utf8'));
  project.declare(
    `import { changeModel } from '../tests/devtools/schema-changes.ts';\nimport { model as head } from './model-head.ts';\n\nexport const model = changeModel(head);\n`,
  );
  return project;
}

/** Columns sorted by name, since ALTER TABLE appends and autogenerate does not reorder. */
function orderless(schema: Schema): Schema {
  const normal = normalizeSchema(schema);
  return { ...normal, tables: normal.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => a.name.localeCompare(b.name)) })) };
}

describe('npm run migration:autogenerate', { timeout: SLOW_TOOL_MS }, () => {
  const project = projectWithChangedModel();
  afterAll(() => project.remove());
  let source = '';

  it('lists what it detected and what it cannot, and writes the migration', () => {
    const out = project.npm('migration:autogenerate', ['-m', 'Samples, notes and priority', '--rev-id', REV]);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('Detected: adds table Samples\n');
    expect(out.stdout).toContain('Detected: adds index ix_Samples_label on Samples(label)\n');
    expect(out.stdout).toContain('Detected: drops column Results.story\n');
    expect(out.stdout).toContain('Detected: changes Results.stage type to VARCHAR(16)\n');
    // story dropped while nothing was added to Results: no rename hint there.
    expect(out.stdout).not.toContain('Check:');
    expect(out.stdout).toMatch(/autogenerate cannot detect\n\s+- table and column renames/);
    expect(out.stdout).toMatch(new RegExp(`replace the TODO in migrations/\\S+_${REV}_\\S+ with release: '<version>'`));
    const file = readdirSync(project.path('migrations')).find((f) => f.includes(`_${REV}_samples_notes_and_priority.ts`));
    expect(file).toBeDefined();
    source = project.read(`migrations/${file}`);
    expect(project.read('migrations/index.ts')).toContain(`  m${REV},\n  // migration:new inserts here`);
  });

  it('takes a head database with rows to the declared schema, and its downgrade takes it back', async () => {
    const { chain, definition } = await loadProject(project.root);
    expect(chain.heads).toEqual([REV]);
    const db = open(null);
    run(db, chain, plan(db, chain, 'upgrade', HEAD));
    db.exec(`INSERT INTO "Experiments" (id, label, start_time) VALUES (1, 'e', '2022-01-01')`);
    db.exec(`INSERT INTO "Results" (id, experiment_id, stage, story, time) VALUES (1, 1, 3, 'told', '2022-01-01')`);
    const start = db.export();
    db.close();

    const up = migrateBytes(open, start, definition, { direction: 'upgrade', target: REV });
    const upgraded = open(up.bytes);
    expect(diffSchemas(introspect(upgraded, { skipVersionTable: true }), changedModel)).toEqual({ ops: [], notices: [] });
    expect(orderless(introspect(upgraded, { skipVersionTable: true }))).toEqual(orderless(changedModel));
    expect(upgraded.query('SELECT id, stage, priority, notes FROM "Results" JOIN "Experiments" USING (id)')).toEqual([
      { id: 1, stage: '3', priority: 0, notes: null },
    ]);
    upgraded.close();

    const down = migrateBytes(open, up.bytes, definition, { direction: 'downgrade', target: HEAD });
    const downgraded = open(down.bytes);
    expect(diffSchemas(introspect(downgraded, { skipVersionTable: true }), model)).toEqual({ ops: [], notices: [] });
    expect(orderless(introspect(downgraded, { skipVersionTable: true }))).toEqual(orderless(model));
    downgraded.close();
  });

  it('writes code as a person would: formatted, between the markers, nothing unused', () => {
    expect(styleProblems(source)).toEqual([]);
    expect(source.replace(/createDate: '[^']+'/, "createDate: '<date>'")).toBe(`/** Samples, notes and priority. Generated from migrations/model.ts by migration:autogenerate. */
import { defineMigration, types as t } from '../src/engine/index.ts';

export default defineMigration({
  revision: '${REV}',
  downRevision: '${HEAD}',
  message: 'Samples, notes and priority',
  createDate: '<date>',
  summary: 'Adds table Samples; adds index ix_Samples_label on Samples(label); adds column Experiments.notes; adds column Experiments.priority; drops column Results.story; changes Results.stage type to VARCHAR(16).',
  title: 'Samples, notes and priority',
  undoTitle: 'Undo: Samples, notes and priority',
  // TODO release: '<version>', the first Entropy release that ships this revision.
  upgrade(op) {
    // ### commands auto generated by entropy-migrate - please adjust! ###
    op.createTable({
      name: 'Samples',
      columns: [
        { name: 'id', type: t.Integer, nullable: false },
        { name: 'experiment_id', type: t.Integer, nullable: false },
        { name: 'label', type: t.String(64) },
        { name: 'taken_at', type: t.DateTime, nullable: false },
      ],
      primaryKey: { columns: ['id'] },
      foreignKeys: [
        {
          columns: ['experiment_id'],
          refTable: 'Experiments',
          refColumns: ['id'],
          onDelete: 'CASCADE',
        },
      ],
    });
    op.createIndex({ name: 'ix_Samples_label', table: 'Samples', columns: ['label'] });
    op.addColumn('Experiments', { name: 'notes', type: t.Text });
    op.addColumn('Experiments', {
      name: 'priority',
      type: t.Integer,
      nullable: false,
      serverDefault: '0',
    });
    op.rebuildTable('Results', [
      { kind: 'dropColumn', column: 'story' },
      { kind: 'alterColumn', column: 'stage', type: t.String(16) },
    ]);
    // ### end entropy-migrate commands ###
  },
  downgrade(op) {
    // ### commands auto generated by entropy-migrate - please adjust! ###
    op.dropColumn('Experiments', 'notes');
    op.dropColumn('Experiments', 'priority');
    op.rebuildTable('Results', [
      { kind: 'alterColumn', column: 'stage', type: t.Integer },
      { kind: 'addColumn', column: { name: 'story', type: t.String() } },
    ]);
    op.dropTable('Samples');
    // ### end entropy-migrate commands ###
  },
});
`);
  });

  it("type-checks under the project's strict settings", () => {
    const out = project.typecheck();
    expect(out.stdout + out.stderr).toBe('');
    expect(out.status).toBe(0);
  });

  it('writes a test for the revision that passes', () => {
    const out = project.vitest(`tests/migrations/${REV}.test.ts`);
    expect(out.stdout + out.stderr).toMatch(/Tests\s+2 passed \(2\)/);
    expect(out.status).toBe(0);
  });
});

describe('autogenerate with nothing to do', { timeout: SLOW_TOOL_MS }, () => {
  const project = new TempProject();
  afterAll(() => project.remove());

  it('says so and writes nothing', () => {
    const before = readdirSync(project.path('migrations'));
    const out = project.npm('migration:autogenerate', ['-m', 'nothing']);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('No changes detected');
    expect(readdirSync(project.path('migrations'))).toEqual(before);
  });

  it('compares with a database given by --db, which must be at the head', async () => {
    const { chain } = await loadProject(project.root);
    const at = (target: string): Uint8Array => {
      const db = open(null);
      run(db, chain, plan(db, chain, 'upgrade', target));
      const bytes = db.export();
      db.close();
      return bytes;
    };
    project.write('head.db', at(HEAD));
    project.write('old.db', at('273a9fae6206'));
    project.write('empty.db', '');

    expect(project.npm('migration:autogenerate', ['-m', 'x', '--db', 'head.db']).stdout).toContain('No changes detected');
    const old = project.npm('migration:autogenerate', ['-m', 'x', '--db', 'old.db']);
    expect(old.status).toBe(2);
    expect(old.stderr).toContain(`old.db is at 273a9fae6206, not at ${HEAD}`);
    const empty = project.npm('migration:autogenerate', ['-m', 'x', '--db', 'empty.db']);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/^migration:autogenerate: .*empty/i);
  });
});
