/** Adds the flag that says a row's data also lives in Entropy's HDF5 files. */
import { defineMigration, types as t, type Column } from '../src/engine/index.ts';

const savedInHdf5: Column = { name: 'saved_in_hdf5', type: t.Boolean, nullable: false, serverDefault: 'False' };
const tables = ['Results', 'ExperimentMetadata'];

export default defineMigration({
  revision: '04ae19b32c08',
  downRevision: '1318a586f31d',
  message: 'Add col saved_in_hdf5',
  createDate: '2021-08-01 14:18:43',
  release: '0.2.0',
  summary: 'Adds a column saved_in_hdf5 (false for every existing row) to Results and ExperimentMetadata.',
  upgrade(op) {
    for (const table of tables) op.addColumn(table, savedInHdf5);
  },
  downgrade(op) {
    for (const table of [...tables].reverse()) op.dropColumn(table, savedInHdf5.name);
  },
});
