/**
 * Entropy's chain with one test-only revision spliced in after AFTER: the revisions after
 * it now revise the new one. Nothing in the production registry changes. The registry comes
 * in as an argument because a test that mocks the registry module builds its mock from here.
 */
import { defineMigration, type Chain, type MigrationScript, type ProjectDefinition } from '../../src/engine/index.ts';
import { entropyProject } from '../../migrations/project.ts';

export const INJECTED = 'feedc0ffee00';
export const AFTER = '9ffd2ba0d5bf';
export const FAILING_STATEMENT = 'UPDATE "Experiments" SET no_such_column = 1';

export function spliced(
  migrations: readonly MigrationScript[],
  extra: Omit<MigrationScript, 'downRevision' | 'revision'>,
): { chain: Chain; project: ProjectDefinition } {
  const injected = defineMigration({ ...extra, revision: INJECTED, downRevision: AFTER });
  const scripts = migrations.flatMap((script) => {
    const rewired = script.downRevision === AFTER ? { ...script, downRevision: INJECTED } : script;
    return script.revision === AFTER ? [rewired, injected] : [rewired];
  });
  const project = entropyProject(scripts);
  return { chain: project.chain, project };
}

/** A revision that runs a valid statement, then one SQLite refuses. */
export const failingRevision = {
  message: 'test only: fails part-way',
  createDate: '2022-04-11 00:00:00',
  summary: 'Adds a table, then updates a column that does not exist.',
  upgrade(op: Parameters<MigrationScript['upgrade']>[0]) {
    op.execute('CREATE TABLE "InjectedMarker" (id INTEGER PRIMARY KEY)');
    op.execute('INSERT INTO "InjectedMarker" (id) VALUES (1)');
    op.execute(FAILING_STATEMENT);
  },
  downgrade(op: Parameters<MigrationScript['downgrade']>[0]) {
    op.execute('DROP TABLE "InjectedMarker"');
  },
};

export const BRANCH = 'b4a9c4ed0001';

/**
 * Entropy's chain with a test-only revision that branches off AFTER, as a second line of
 * development would before `migration:merge` joins it: the chain has two heads, Entropy's
 * own and BRANCH.
 */
export function branched(
  migrations: readonly MigrationScript[],
  extra: Omit<MigrationScript, 'downRevision' | 'revision'>,
): { chain: Chain; project: ProjectDefinition } {
  const project = entropyProject([...migrations, defineMigration({ ...extra, revision: BRANCH, downRevision: AFTER })]);
  return { chain: project.chain, project };
}

/** A branch revision that adds a table of its own. */
export const branchRevision = {
  message: 'test only: a branch',
  createDate: '2022-04-12 00:00:00',
  summary: 'Adds the table BranchMarker.',
  upgrade(op: Parameters<MigrationScript['upgrade']>[0]) {
    op.execute('CREATE TABLE "BranchMarker" (id INTEGER PRIMARY KEY)');
  },
  downgrade(op: Parameters<MigrationScript['downgrade']>[0]) {
    op.dropTable('BranchMarker');
  },
};
