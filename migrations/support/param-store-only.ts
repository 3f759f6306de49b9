/**
 * Three of Entropy's revisions change only params.json, the ParamStore file beside the
 * database. On the database they are no-ops that still move alembic_version; on a whole
 * project they rewrite params.json through op.files exactly as Entropy's do (keeping its
 * params.json.<revision>.bak), and their downgrades restore that backup.
 */
import type { MigrationScript, Operations } from '../../src/engine/index.ts';
import type { ProjectFiles } from '../../src/engine/index.ts';
import { PARAMS_PATH, restoreParamStoreBackup } from '../param-store/index.ts';

type ParamStorePart = Pick<MigrationScript, 'summary' | 'changesDatabase' | 'changesProjectFiles' | 'warnings' | 'upgrade' | 'downgrade'>;

type Step = (files: ProjectFiles, revision: string) => string[];

export function paramStoreOnly(revision: string, whatItDoes: string, step: Step): ParamStorePart {
  const noFolder = `In Entropy this revision ${whatItDoes}. Only the database is being upgraded here, so ${PARAMS_PATH} is left as it is.`;
  const note = (op: Operations, sentences: readonly string[]) => sentences.forEach((s) => op.note(s));
  return {
    summary: `Changes params.json only (${whatItDoes}); the database is unchanged.`,
    changesDatabase: false,
    changesProjectFiles: 'params.json',
    warnings: () => [],
    upgrade(op) {
      if (!op.files) return op.note(noFolder);
      note(op, step(op.files, revision));
    },
    downgrade(op) {
      if (!op.files) return op.note(noFolder);
      note(op, restoreParamStoreBackup(op.files, revision));
    },
  };
}
