/**
 * Three of Entropy's revisions change only params.json, the ParamStore file beside the
 * database. On the database they are no-ops that still move alembic_version; what they
 * would do to params.json is said in their warnings, since this tool does not edit it yet.
 */
import type { MigrationScript } from '../../src/engine/index.ts';

type ParamStorePart = Pick<MigrationScript, 'summary' | 'changesDatabase' | 'warnings' | 'upgrade' | 'downgrade'>;

export function paramStoreOnly(whatItDoes: string): ParamStorePart {
  const sentence = `In Entropy this revision ${whatItDoes}. The database does not change; params.json in the project folder is not changed by this tool.`;
  return {
    summary: `Changes params.json only (${whatItDoes}); the database is unchanged.`,
    changesDatabase: false,
    warnings: () => [sentence],
    upgrade(op) {
      op.note(sentence);
    },
    downgrade(op) {
      op.note(sentence);
    },
  };
}
