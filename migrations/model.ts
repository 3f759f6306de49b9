/**
 * Entropy's schema at head, declared: what `npm run migration:autogenerate` compares a
 * database with. Change it first, then autogenerate the migration that gets there; a test
 * (tests/devtools/model.test.ts) keeps it equal to what the chain builds.
 *
 * It is the database as Entropy leaves it, not only Entropy's SQLAlchemy models: Nodes_old
 * stays behind after revision 9ffd2ba0d5bf, so it is declared here too (leaving it out
 * would make autogenerate drop it). Nodes was created by raw SQL as `id INTEGER PRIMARY
 * KEY`; it is declared as SQLAlchemy would, and the comparison knows the two are the same.
 * alembic_version belongs to the engine and is never declared.
 */
import { types as t, type ForeignKey, type Schema, type TableDef } from '../src/engine/index.ts';

const toExperiment: ForeignKey = { columns: ['experiment_id'], refTable: 'Experiments', refColumns: ['id'], onDelete: 'CASCADE' };
const resultDataType = t.Enum('Pickled', 'String', 'Npy');

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
      { name: 'favorite', type: t.Boolean, nullable: false, serverDefault: 'False' },
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
    foreignKeys: [toExperiment],
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
      { name: 'saved_in_hdf5', type: t.Boolean, nullable: false, serverDefault: 'False' },
    ],
    primaryKey: { columns: ['id'] },
    foreignKeys: [toExperiment],
  },
  {
    name: 'Nodes_old',
    columns: [
      { name: 'experiment_id', type: t.Integer, nullable: false },
      { name: 'id', type: t.Integer, nullable: false },
      { name: 'label', type: t.String() },
      { name: 'start', type: t.DateTime, nullable: false },
      { name: 'is_key_node', type: t.Boolean },
    ],
    primaryKey: { columns: ['experiment_id', 'id'] },
    foreignKeys: [toExperiment],
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
    foreignKeys: [toExperiment],
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
      { name: 'saved_in_hdf5', type: t.Boolean, nullable: false, serverDefault: 'False' },
    ],
    primaryKey: { columns: ['id'] },
    foreignKeys: [toExperiment],
  },
  {
    name: 'Figures',
    columns: [
      { name: 'id', type: t.Integer, nullable: false },
      { name: 'experiment_id', type: t.Integer, nullable: false },
      { name: 'figure', type: t.String(), nullable: false },
      { name: 'time', type: t.DateTime, nullable: false },
    ],
    primaryKey: { columns: ['id'] },
    foreignKeys: [toExperiment],
  },
  {
    name: 'Nodes',
    columns: [
      { name: 'id', type: t.Integer, nullable: false },
      { name: 'experiment_id', type: t.Integer, nullable: false },
      { name: 'stage_id', type: t.Integer, nullable: false },
      { name: 'label', type: t.String() },
      { name: 'start', type: t.DateTime, nullable: false },
      { name: 'is_key_node', type: t.Boolean },
    ],
    primaryKey: { columns: ['id'] },
    foreignKeys: [toExperiment],
  },
];

/** Tables in the order the chain creates them, so a fresh database lists them the same way. */
export const model: Schema = { tables, indexes: [] };
