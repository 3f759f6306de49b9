/** Adds the flag that says a row's data also lives in Entropy's HDF5 files. */
import { defineMigration, types as t, type Column, type Db } from '../src/engine/index.ts';
import { plural, rowsFlagged } from './support/words.ts';

const savedInHdf5: Column = { name: 'saved_in_hdf5', type: t.Boolean, nullable: false, serverDefault: 'False' };
const tables = ['Results', 'ExperimentMetadata'];

/** What removing the marks loses: which rows said their data is also in HDF5 files. */
function inHdf5Losses(db: Db): string[] {
  const results = rowsFlagged(db, 'Results', 'saved_in_hdf5');
  const metadata = rowsFlagged(db, 'ExperimentMetadata', 'saved_in_hdf5');
  if (results + metadata === 0) return ['Deletes the marks saying which results are also kept in HDF5 files (none is set in this file).'];
  return [`Deletes the marks saying that ${plural(results, 'result')} and ${plural(metadata, 'metadata entry', 'metadata entries')} are also kept in HDF5 files; the entries themselves stay.`];
}

export default defineMigration({
  revision: '04ae19b32c08',
  downRevision: '1318a586f31d',
  message: 'Add col saved_in_hdf5',
  createDate: '2021-08-01 14:18:43',
  release: '0.2.0',
  summary: 'Adds a column saved_in_hdf5 (false for every existing row) to Results and ExperimentMetadata.',
  title: 'Mark where each result is kept',
  undoTitle: 'Remove the marks of where results are kept',
  explanation: (db, direction) =>
    direction === 'upgrade'
      ? 'Each result and metadata entry gets a mark saying whether its data is also in an HDF5 file; all start as kept only in this database.'
      : inHdf5Losses(db)[0]!,
  losses: (db) => inHdf5Losses(db),
  upgrade(op) {
    for (const table of tables) op.addColumn(table, savedInHdf5);
  },
  downgrade(op) {
    for (const table of [...tables].reverse()) op.dropColumn(table, savedInHdf5.name);
  },
});
