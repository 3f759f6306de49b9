/**
 * A few counts the page needs to say in words what a plan keeps and what it deletes ("removes
 * 32 results already in HDF5 files", "deletes the favorite mark of 2 experiments"), which the
 * per-table row counts of the inspection cannot tell. Each is null where the file lacks the
 * column it counts.
 */
import { quoteIdent, type Db } from '../engine/index.ts';

export interface DataFacts {
  /** Results rows marked saved_in_hdf5 = 1 (their data is also in the project's HDF5 files). */
  readonly resultsInHdf5: number | null;
  /** ExperimentMetadata rows marked saved_in_hdf5 = 1. */
  readonly metadataInHdf5: number | null;
  /** Experiments marked favorite. */
  readonly favorites: number | null;
}

function countWhere(db: Db, table: string, column: string): number | null {
  const has = db.query('SELECT 1 FROM pragma_table_info(?) WHERE name = ?', [table, column]).length > 0;
  if (!has) return null;
  return Number(db.query(`SELECT count(*) AS n FROM ${quoteIdent(table)} WHERE ${quoteIdent(column)} = 1`)[0]!.n);
}

export function dataFacts(db: Db): DataFacts {
  return {
    resultsInHdf5: countWhere(db, 'Results', 'saved_in_hdf5'),
    metadataInHdf5: countWhere(db, 'ExperimentMetadata', 'saved_in_hdf5'),
    favorites: countWhere(db, 'Experiments', 'favorite'),
  };
}
