/**
 * The test file written beside each new revision. Its two tests run the revision on a
 * database the project's builder makes (with rows) at the revision below, so they fail
 * while upgrade() or downgrade() still throws NotImplementedError, and keep failing if the
 * downgrade does not bring the schema back.
 */
import { DevtoolError } from './project.ts';
import type { MigrationSource } from './render.ts';
import { docComment, quote } from './source.ts';

export function renderMigrationTest(source: MigrationSource): string {
  if (typeof source.downRevision !== 'string') {
    throw new DevtoolError('A revision test needs a single down revision to build its start database at.');
  }
  return `${docComment(`Revision ${source.revision} (${source.message}). Add checks of what it does to the rows and the schema.`)}
import { describe, expect, it } from 'vitest';
import { project } from '../../migrations/index.ts';
import { buildEntropyDb } from '../../src/builders/entropy-db.ts';
import { diffSchemas, introspect, migrateBytes, readVersions } from '../../src/engine/index.ts';
import { nodeOpener } from '../../src/sqljs/node.ts';

const REVISION = ${quote(source.revision)};
const DOWN_REVISION = ${quote(source.downRevision)};

const open = await nodeOpener();

function inspect(bytes: Uint8Array) {
  const db = open(bytes);
  try {
    return { versions: readVersions(db), schema: introspect(db, { skipVersionTable: true }) };
  } finally {
    db.close();
  }
}

describe(\`revision \${REVISION}\`, () => {
  const start = buildEntropyDb(open, { at: DOWN_REVISION });
  const upgrade = () => migrateBytes(open, start, project, { direction: 'upgrade', target: REVISION });

  it('upgrades from its down revision', () => {
    const { bytes, result } = upgrade();
    expect(result.steps.map((s) => s.revision)).toEqual([REVISION]);
    expect(inspect(bytes).versions).toEqual([REVISION]);
  });

  it('downgrades back to the schema it started from', () => {
    const { bytes } = migrateBytes(open, upgrade().bytes, project, { direction: 'downgrade', target: DOWN_REVISION });
    const after = inspect(bytes);
    expect(after.versions).toEqual([DOWN_REVISION]);
    expect(diffSchemas(after.schema, inspect(start).schema).ops).toEqual([]);
  });
});
`;
}
