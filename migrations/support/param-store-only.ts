/**
 * Three of Entropy's revisions change only params.json, the ParamStore file beside the
 * database. On the database they are no-ops that still move alembic_version; on a whole
 * project they rewrite params.json through op.files exactly as Entropy's do (keeping its
 * params.json.<revision>.bak), and their downgrades restore that backup.
 */
import type { MigrationScript, Operations } from '../../src/engine/index.ts';
import type { ProjectFiles } from '../../src/engine/index.ts';
import { PARAMS_PATH, paramStoreFacts, restoreParamStoreBackup, type ParamsReadBack } from '../param-store/index.ts';
import { plural } from './words.ts';

type ParamStorePart = Pick<
  MigrationScript,
  'summary' | 'title' | 'undoTitle' | 'explanation' | 'changesDatabase' | 'changesProjectFiles' | 'warnings' | 'upgrade' | 'downgrade'
>;

/** What the step means for people: titles up and down, and what it does in params.json. */
export interface ParamStoreWords {
  readonly title: string;
  readonly undoTitle: string;
  /** What it does to the parameters, as the end of a sentence ("each value gets an expiration"). */
  readonly inParams: string;
}

type Step = (files: ProjectFiles, revision: string, readBack?: ParamsReadBack) => string[];

export function paramStoreOnly(revision: string, whatItDoes: string, step: Step, words: ParamStoreWords): ParamStorePart {
  const noFolder = `In Entropy this revision ${whatItDoes}. Only the database is being upgraded here, so ${PARAMS_PATH} is left as it is.`;
  const note = (op: Operations, sentences: readonly string[]) => sentences.forEach((s) => op.note(s));
  return {
    summary: `Changes params.json only (${whatItDoes}); the database is unchanged.`,
    title: words.title,
    undoTitle: words.undoTitle,
    explanation(_db, direction, files) {
      if (!files) {
        return direction === 'upgrade'
          ? `In the parameter file (params.json), ${words.inParams}; the database itself does not change.`
          : "Undoes that change to the parameter file (params.json) from Entropy's backup of it; the database itself does not change.";
      }
      // With the project folder: what params.json holds now, which the steps convert in turn.
      const facts = paramStoreFacts(files);
      if (!facts) return 'The project has no params.json; Entropy writes one holding only its version.';
      const held = `params.json holds ${plural(facts.commits, 'commit')} (ParamStore version ${facts.version})`;
      return direction === 'upgrade'
        ? `${held}; Entropy keeps a backup of it before each of its steps (params.json.<revision>.bak).`
        : `${held}; it is restored from Entropy's backup params.json.${revision}.bak.`;
    },
    changesDatabase: false,
    changesProjectFiles: 'params.json',
    warnings: () => [],
    upgrade(op) {
      if (!op.files) return op.note(noFolder);
      // Each step reads back the params.json it wrote; the run reports the last step's count.
      note(op, step(op.files, revision, (count) => op.readBack({ kind: 'paramsCommits', ...count, noun: ['params.json commit', 'params.json commits'] })));
    },
    downgrade(op) {
      if (!op.files) return op.note(noFolder);
      note(op, restoreParamStoreBackup(op.files, revision));
    },
  };
}
