/**
 * Before revision 7fa75ca1263f deletes the rows flagged saved_in_hdf5 = 1 (their data being in
 * the experiments' HDF5 files), a whole-project run checks that those files hold them: a place
 * (`/<stage>/<label>/<result|metadata>`) for each row. Entropy's own upgrade deletes them
 * without looking, so a project copied without its hdf5 folder, or with a file lost, comes
 * out with those results gone from what Entropy shows. Here that is refused, in one sentence,
 * before anything is written. Only the place is looked for, not the value: the file is the
 * only copy the row points to, and Entropy reads whatever is there.
 *
 * Projects that still have the single global file of Entropy 0.2-0.5 (.entropy/entropy.hdf5)
 * are not checked here: the split (split.ts) reads that file whole and refuses what it cannot
 * place.
 */
import { printable, type Db, type ProjectFiles } from '../../src/engine/index.ts';
import { Hdf5MoveError } from './errors.ts';
import type { File } from './h5.ts';
import { compareIds, type IdText } from './ids.ts';
import { experimentFile, GLOBAL_HDF5, groupPathOf } from './layout.ts';
import { readExisting } from './place-check.ts';
import { TABLES, type Entity } from './rows.ts';
import { plural } from '../support/words.ts';

interface KeptRow {
  readonly entity: Entity;
  readonly id: IdText;
  readonly experimentId: IdText;
  readonly stage: IdText;
  readonly label: string;
}

function keptRows(db: Pick<Db, 'query'>): Map<IdText, KeptRow[]> {
  const byExperiment = new Map<IdText, KeptRow[]>();
  for (const entity of ['result', 'metadata'] as const) {
    const table = TABLES[entity];
    const rows = db.query(
      `SELECT CAST(id AS TEXT) AS id, CAST(experiment_id AS TEXT) AS experiment_id, CAST(stage AS TEXT) AS stage, CAST(label AS TEXT) AS label FROM "${table}" WHERE saved_in_hdf5 = 1 ORDER BY id`,
    );
    for (const r of rows) {
      const row = { entity, id: String(r.id), experimentId: String(r.experiment_id), stage: String(r.stage), label: String(r.label) };
      const mine = byExperiment.get(row.experimentId) ?? [];
      mine.push(row);
      byExperiment.set(row.experimentId, mine);
    }
  }
  return byExperiment;
}

const placeOf = (row: KeptRow) => `${groupPathOf(row)}/${row.entity}`;

/** The rows of one experiment its file does not hold (all of them when it has no file). */
function missingIn(files: ProjectFiles, experimentId: IdText, rows: readonly KeptRow[]): KeptRow[] {
  const path = experimentFile(experimentId);
  const unread = files.unread(path);
  const bytes = unread ? null : files.read(path);
  if (!unread && !bytes) return [...rows];
  try {
    return readExisting(unread ?? bytes!, path, (file: File) => rows.filter((row) => file.get(placeOf(row)) === null));
  } finally {
    if (bytes) files.doneReading(bytes);
  }
}

/** Refuses a project whose HDF5 files lack rows flagged saved_in_hdf5 = 1 (see above). */
export function checkKeptRows(db: Pick<Db, 'query'>, files: ProjectFiles): void {
  if (files.exists(GLOBAL_HDF5)) return;
  const missing: KeptRow[] = [];
  const kept = keptRows(db);
  for (const id of [...kept.keys()].sort(compareIds)) missing.push(...missingIn(files, id, kept.get(id)!));
  if (missing.length === 0) return;
  const results = missing.filter((r) => r.entity === 'result').length;
  const rows = [plural(results, 'result'), plural(missing.length - results, 'metadata row')].filter((words) => !words.startsWith('0 ')).join(' and ');
  const first = missing[0]!;
  const file = experimentFile(first.experimentId);
  const experiments = new Set(missing.map((r) => r.experimentId)).size;
  const whose = experiments === 1 ? `experiment ${printable(first.experimentId, 30)}` : `${experiments} experiments (the first: ${printable(first.experimentId, 30)})`;
  const lack = files.exists(file) ? `${file} has nothing at ${printable(placeOf(first), 60)}` : `${file} is missing`;
  throw new Hdf5MoveError(
    'KEPT_ROWS_MISSING',
    `${rows} of ${whose} ${missing.length === 1 ? 'is' : 'are'} marked as kept in HDF5 files that do not hold ${missing.length === 1 ? 'it' : 'them'} (${lack}); the upgrade would delete ${missing.length === 1 ? 'it' : 'them'} from the database, as Entropy's does: put the HDF5 files back first`,
    { experimentId: first.experimentId, id: first.id, results, metadata: missing.length - results, experiments },
  );
}
