/**
 * Deleting results and metadata from sqlite: rows whose data Entropy already keeps in its
 * HDF5 files are removed from the database, which is then compacted.
 */
import { defineMigration, type Db, type ProjectFiles } from '../src/engine/index.ts';
import { checkKeptRows } from './hdf5/index.ts';
import { plural, rowsIn } from './support/words.ts';

const TABLES = ['Results', 'ExperimentMetadata'] as const;

/** Rows this revision would delete; 0 before saved_in_hdf5 exists (it starts out false). */
function savedInHdf5Rows(db: Db, table: string): number {
  const hasFlag = db.query(`SELECT 1 FROM pragma_table_info(?) WHERE name = 'saved_in_hdf5'`, [table]).length > 0;
  if (!hasFlag) return 0;
  return Number(db.query(`SELECT count(*) AS n FROM "${table}" WHERE saved_in_hdf5 = 1`)[0]!.n);
}

/** Where the project keeps the data of rows saved in HDF5, as far as this run can see. */
function whereKept(files: ProjectFiles | null): string {
  if (files?.exists('.entropy/entropy.hdf5')) return "the project's single results file (.entropy/entropy.hdf5)";
  if (files) return "the project's HDF5 files (.entropy/hdf5)";
  // The database came alone: the files beside it are not known here.
  return "the project's HDF5 files beside the database";
}

export default defineMigration({
  revision: '7fa75ca1263f',
  downRevision: '06140c96c8c4',
  message: 'Deleting results and metadata from sqlite',
  createDate: '2022-06-16 09:26:06',
  release: '0.13.0',
  keepsDatabaseCopy: 'entropy.bak.7fa75ca1263f.db',
  summary: 'Deletes the Results and ExperimentMetadata rows that Entropy already keeps in HDF5 files (saved_in_hdf5 = 1), then compacts the file (VACUUM).',
  title: 'Remove results already kept in HDF5 files',
  undoTitle: 'Step back over the removal of results',
  explanation(db, direction, files) {
    if (direction === 'downgrade') {
      return "Changes nothing in the database: results removed at the upgrade do not come back (Entropy's own upgrade kept them in entropy.bak.7fa75ca1263f.db).";
    }
    const [results, metadata] = TABLES.map((table) => savedInHdf5Rows(db, table)) as [number, number];
    if (results + metadata === 0) return 'None in this file: every result stays in the database.';
    const staying = rowsIn(db, 'Results') - results;
    return (
      `${plural(results, 'result')} and ${plural(metadata, 'metadata entry', 'metadata entries')} leave the database; their data stays in ${whereKept(files)}.` +
      (staying ? ` The other ${plural(staying, 'result')} stay${staying === 1 ? 's' : ''}.` : '')
    );
  },
  losses: () => [],
  warnings(db, direction) {
    if (direction === 'downgrade') {
      return ['Going below this revision does not bring deleted rows back: Entropy restores them only from its backup file (entropy.bak.7fa75ca1263f.db). The database schema does not change.'];
    }
    const [results, metadata] = TABLES.map((table) => savedInHdf5Rows(db, table));
    return [
      `Deletes ${results} Results row(s) and ${metadata} ExperimentMetadata row(s) whose data Entropy already keeps in its HDF5 files. Rows with saved_in_hdf5 = 0 stay in the database; Entropy's own "entropy upgrade" would also move those to HDF5.`,
    ];
  },
  upgrade(op) {
    // A whole project's rows are deleted only once its HDF5 files are seen to hold them.
    if (op.files) checkKeptRows(op, op.files);
    for (const table of TABLES) op.execute(`DELETE FROM ${table} WHERE saved_in_hdf5=1`);
    op.vacuum();
  },
  downgrade(op) {
    op.note('Deleted Results and ExperimentMetadata rows cannot be restored by a downgrade; restore them from a backup file if you need them. The schema was not changed.');
  },
});
