/**
 * Entropy projects' HDF5 side, for tests: Results / ExperimentMetadata rows in a database,
 * per-experiment files as Entropy's HDF5Storage writes them (`_save_entity_to_file`, the same
 * layout its upgrade writes), and an old global `entropy.hdf5` in Entropy 0.2-0.5's layout
 * (`/experiments/<id>/<stage>/<label>/result`, int32 values and attributes, as Entropy's
 * per_project.hdf5 template has them).
 */
import { columnsOf, type Db, type SqlValue } from '../../src/engine/index.ts';
import { createRawAttribute, createRawDataset, createVlenStringAttribute, dtypeMetadata, editHdf5, requireGroup, type Dataset } from '../hdf5/h5.ts';
import { writeRow, type UtcOffset } from '../hdf5/layout.ts';
import { decodeRow, parseSqliteDatetime, TABLES, type Entity } from '../hdf5/rows.ts';

export interface RowSpec {
  readonly entity?: Entity;
  /** A number, or a bigint beyond 2^53 (ids up to 2^63-1 are SQLite's). */
  readonly experimentId: number | bigint;
  readonly stage: number;
  readonly label: string;
  readonly data: Uint8Array;
  readonly dataType: 'Pickled' | 'Npy' | 'String';
  readonly savedInHdf5?: boolean;
  readonly story?: string | null;
  /** SQLite DATETIME text as SQLAlchemy writes it. */
  readonly time?: string;
}

const DEFAULT_TIME = '2022-03-04 05:06:07.000890';

/** Inserts rows into Results / ExperimentMetadata (at a revision that has saved_in_hdf5); returns their ids. */
export function insertRows(db: Db, rows: readonly RowSpec[]): number[] {
  return rows.map((r) => {
    const entity = r.entity ?? 'result';
    // Before 04ae19b32c08 (Entropy 0.1.x) there is no saved_in_hdf5 column: every row is in SQLite.
    const flagged = columnsOf(db, TABLES[entity]).some((c) => c.name === 'saved_in_hdf5');
    if (!flagged && r.savedInHdf5) throw new Error(`${TABLES[entity]} has no saved_in_hdf5 column at this revision`);
    const columns = ['experiment_id', 'stage', 'label', 'time', 'data', 'data_type'];
    const params: SqlValue[] = [r.experimentId, r.stage, r.label, r.time ?? DEFAULT_TIME, r.data, r.dataType];
    if (flagged) {
      columns.push('saved_in_hdf5');
      params.push(r.savedInHdf5 ? 1 : 0);
    }
    if (entity === 'result') {
      columns.push('story');
      params.push(r.story ?? `story of ${r.label}`);
    }
    db.run(`INSERT INTO "${TABLES[entity]}" (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, params);
    return Number(db.query('SELECT last_insert_rowid() AS id')[0]!.id);
  });
}

const utc: UtcOffset = () => 0;

/** One experiment's HDF5 file as Entropy's HDF5Storage.save_result / save_metadata write it. */
export function experimentHdf5(rows: readonly RowSpec[]): Uint8Array {
  return editHdf5(null, (file) => {
    for (const r of rows) {
      const row = {
        entity: r.entity ?? 'result',
        id: '0', // saved directly, not migrated: no migrated_id
        experimentId: String(r.experimentId),
        stage: String(r.stage),
        label: r.label,
        story: (r.entity ?? 'result') === 'result' ? (r.story ?? `story of ${r.label}`) : null,
        time: parseSqliteDatetime(r.time ?? DEFAULT_TIME, r.label),
      };
      writeRow(file, decodeRow(row, r.data, r.dataType), utc);
    }
  });
}

export interface GlobalResult {
  readonly experimentId: number;
  readonly stage: number;
  readonly label: string;
  /** int32 values; a scalar when shape is []. */
  readonly values: readonly number[];
  readonly shape: readonly number[];
  readonly migratedId: number;
  readonly time?: string;
}

const int32 = (values: readonly number[]) => new Uint8Array(new Int32Array(values).buffer);

/** An old global `.entropy/entropy.hdf5` (Entropy 0.2-0.5, per_project layout). */
export function globalHdf5(results: readonly GlobalResult[]): Uint8Array {
  return editHdf5(null, (file) => {
    requireGroup(file, '/experiments');
    for (const r of results) {
      const group = requireGroup(file, `/experiments/${r.experimentId}/${r.stage}/${r.label}`);
      const i4 = dtypeMetadata('<i');
      createRawDataset(group, 'result', i4, r.shape, int32(r.values));
      const dataset = group.get('result') as Dataset;
      createRawAttribute(dataset, 'experiment_id', i4, [], int32([r.experimentId]));
      createRawAttribute(dataset, 'stage', i4, [], int32([r.stage]));
      createVlenStringAttribute(dataset, 'label', [r.label], [], 'utf-8');
      createRawAttribute(dataset, 'migrated_id', i4, [], int32([r.migratedId]));
      createVlenStringAttribute(dataset, 'time', [r.time ?? '2021-06-01T10:00:00.000000+00:00'], [], 'utf-8');
    }
  });
}
