/**
 * Initial migration: Entropy's eight original tables. Databases written before Entropy used
 * Alembic already have them, so each is created only when missing (as Entropy does).
 */
import { defineMigration, types as t, type TableDef } from '../src/engine/index.ts';
import { plural, rowsIn } from './support/words.ts';

const experimentFk = { columns: ['experiment_id'], refTable: 'Experiments', refColumns: ['id'], onDelete: 'CASCADE' };
const resultDataType = t.Enum('Pickled', 'String', 'Npy');

/** Frozen as Entropy 0.2.0 declared them: later revisions change them, this file never does. */
const tables: readonly TableDef[] = [
  {
    name: 'Experiments',
    columns: [
      { name: 'id', type: t.Integer, nullable: false },
      { name: 'label', type: t.String() },
      { name: 'script', type: t.String() },
      { name: 'start_time', type: t.DateTime, nullable: false },
      { name: 'end_time', type: t.DateTime },
      { name: 'user', type: t.String() },
      { name: 'story', type: t.String() },
      { name: 'success', type: t.Boolean },
    ],
    primaryKey: { columns: ['id'] },
  },
  {
    name: 'Resources',
    columns: [
      { name: 'id', type: t.Integer, nullable: false },
      { name: 'update_time', type: t.DateTime, nullable: false },
      { name: 'name', type: t.String() },
      { name: 'driver', type: t.String() },
      { name: 'module', type: t.String() },
      { name: 'class_name', type: t.String() },
      { name: 'version', type: t.String() },
      { name: 'driver_type', type: t.Enum('Packaged', 'Local') },
      { name: 'args', type: t.String() },
      { name: 'kwargs', type: t.String() },
      { name: 'deleted', type: t.Boolean },
      { name: 'number_of_experiment_args', type: t.Integer },
      { name: 'keys_of_experiment_kwargs', type: t.String() },
      { name: 'cached_metadata', type: t.String() },
    ],
    primaryKey: { columns: ['id'] },
  },
  {
    name: 'Debug',
    columns: [
      { name: 'id', type: t.Integer, nullable: false },
      { name: 'experiment_id', type: t.Integer },
      { name: 'python_env', type: t.String() },
      { name: 'python_history', type: t.String() },
      { name: 'station_specs', type: t.String() },
      { name: 'extra', type: t.String() },
    ],
    primaryKey: { columns: ['id'] },
    foreignKeys: [experimentFk],
  },
  {
    name: 'ExperimentMetadata',
    columns: [
      { name: 'id', type: t.Integer, nullable: false },
      { name: 'experiment_id', type: t.Integer },
      { name: 'stage', type: t.Integer },
      { name: 'label', type: t.String() },
      { name: 'time', type: t.DateTime, nullable: false },
      { name: 'data', type: t.Blob },
      { name: 'data_type', type: resultDataType },
    ],
    primaryKey: { columns: ['id'] },
    foreignKeys: [experimentFk],
  },
  {
    name: 'Nodes',
    columns: [
      { name: 'experiment_id', type: t.Integer, nullable: false },
      { name: 'id', type: t.Integer, nullable: false },
      { name: 'label', type: t.String() },
      { name: 'start', type: t.DateTime, nullable: false },
      { name: 'is_key_node', type: t.Boolean },
    ],
    primaryKey: { columns: ['experiment_id', 'id'] },
    foreignKeys: [experimentFk],
  },
  {
    name: 'Plots',
    columns: [
      { name: 'id', type: t.Integer, nullable: false },
      { name: 'experiment_id', type: t.Integer },
      { name: 'plot_data', type: t.Blob },
      { name: 'data_type', type: resultDataType },
      { name: 'generator_module', type: t.String() },
      { name: 'generator_class', type: t.String() },
      { name: 'time', type: t.DateTime },
      { name: 'label', type: t.String() },
      { name: 'story', type: t.String() },
    ],
    primaryKey: { columns: ['id'] },
    foreignKeys: [experimentFk],
  },
  {
    name: 'ResourcesSnapshots',
    columns: [
      { name: 'id', type: t.Integer, nullable: false },
      { name: 'update_time', type: t.DateTime, nullable: false },
      { name: 'name', type: t.String() },
      { name: 'driver_id', type: t.Integer },
      { name: 'state', type: t.String() },
    ],
    primaryKey: { columns: ['id'] },
    foreignKeys: [{ columns: ['driver_id'], refTable: 'Resources', refColumns: ['id'], onDelete: 'CASCADE' }],
  },
  {
    name: 'Results',
    columns: [
      { name: 'id', type: t.Integer, nullable: false },
      { name: 'experiment_id', type: t.Integer },
      { name: 'stage', type: t.Integer },
      { name: 'story', type: t.String() },
      { name: 'label', type: t.String() },
      { name: 'time', type: t.DateTime, nullable: false },
      { name: 'data', type: t.Blob },
      { name: 'data_type', type: resultDataType },
    ],
    primaryKey: { columns: ['id'] },
    foreignKeys: [experimentFk],
  },
];

/** The tables whose rows a full downgrade deletes, for its warning in words. */
const ENTROPY_TABLES = ['Experiments', 'Results', 'ExperimentMetadata', 'Nodes', 'Plots', 'Debug', 'Resources', 'ResourcesSnapshots'];

export default defineMigration({
  revision: '1318a586f31d',
  downRevision: null,
  message: 'Initial migration',
  createDate: '2021-08-01 13:45:43',
  release: '0.2.0',
  summary: 'Creates Entropy\'s eight tables (Experiments, Resources, Debug, ExperimentMetadata, Nodes, Plots, ResourcesSnapshots, Results) where they do not exist yet.',
  title: "Set up Entropy's storage",
  undoTitle: "Remove all of Entropy's storage",
  explanation: (_db, direction) =>
    direction === 'upgrade'
      ? 'Makes room for experiments, results, metadata, nodes, plots and resources where the file lacks it; data already there is kept.'
      : "Deletes every experiment, result, metadata entry, node, plot and resource.",
  losses: (db) => {
    const rows = ENTROPY_TABLES.reduce((n, table) => n + rowsIn(db, table), 0);
    return [`Deletes every experiment, result, metadata entry, node, plot and resource: ${plural(rows, 'row')} in all.`];
  },
  upgrade(op) {
    for (const table of tables) {
      if (!op.hasTable(table.name)) op.createTable(table);
    }
  },
  downgrade(op) {
    for (const table of [...tables].reverse()) op.dropTable(table.name);
  },
});
