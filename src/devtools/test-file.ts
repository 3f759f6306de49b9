/**
 * The test file written beside each new revision. Its two tests run the revision on a
 * database the project's own builder makes (with rows) at the revision below, so they fail
 * while upgrade() or downgrade() still throws NotImplementedError, and keep failing if the
 * downgrade does not bring the schema back. What it imports comes from the project: its
 * registry, and the builder its definition names (`development.builder`).
 */
import { DevtoolError, ENGINE_MODULE, importSpecifier, NODE_SQLJS_MODULE } from './project.ts';
import type { MigrationSource } from './render.ts';
import { docComment, quote } from './source.ts';

/** Where the test is written and what it imports, all relative to the project's root. */
export interface TestFilePlace {
  readonly file: string;
  readonly registry: string;
  readonly builder: { readonly module: string; readonly name: string };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function renderMigrationTest(source: MigrationSource, place: TestFilePlace): string {
  if (typeof source.downRevision !== 'string') {
    throw new DevtoolError('A revision test needs a single down revision to build its start database at.');
  }
  const build = place.builder.name;
  if (!IDENTIFIER.test(build) || build === 'project') {
    throw new DevtoolError(`development.builder.name "${build}" is not the name of a function the builder's module exports.`);
  }
  const from = (module: string) => quote(importSpecifier(place.file, module));
  return `${docComment(`Revision ${source.revision} (${source.message}). Add checks of what it does to the rows and the schema.`)}
import { describe, expect, it } from 'vitest';
import { project } from ${from(place.registry)};
import { ${build} } from ${from(place.builder.module)};
import { diffSchemas, introspect, Migrator, readVersions } from ${from(ENGINE_MODULE)};
import { nodeOpener } from ${from(NODE_SQLJS_MODULE)};

const REVISION = ${quote(source.revision)};
const DOWN_REVISION = ${quote(source.downRevision)};

const open = await nodeOpener();
const migrator = new Migrator(open, project);

function inspect(bytes: Uint8Array) {
  const db = open(bytes);
  try {
    return { versions: readVersions(db), schema: introspect(db, { skipVersionTable: true }) };
  } finally {
    db.close();
  }
}

describe(\`revision \${REVISION}\`, () => {
  const start = ${build}(open, { at: DOWN_REVISION });
  const upgrade = () => migrator.migrate(start, { direction: 'upgrade', target: REVISION });

  it('upgrades from its down revision', () => {
    const { bytes, result } = upgrade();
    expect(result.steps.map((s) => s.revision)).toEqual([REVISION]);
    expect(inspect(bytes).versions).toEqual([REVISION]);
  });

  it('downgrades back to the schema it started from', () => {
    const { bytes } = migrator.migrate(upgrade().bytes, { direction: 'downgrade', target: DOWN_REVISION });
    const after = inspect(bytes);
    expect(after.versions).toEqual([DOWN_REVISION]);
    expect(diffSchemas(after.schema, inspect(start).schema).ops).toEqual([]);
  });
});
`;
}
