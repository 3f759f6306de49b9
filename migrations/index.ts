/**
 * The explicit registry of migrations, base first. `npm run migration:new` adds to it, and
 * a test checks that it lists exactly the revision files in this folder.
 */
import type { MigrationScript } from '../src/engine/index.ts';
import { entropyProject, type EntropyOptions } from './project.ts';
import m1318a586f31d from './2021-08-01-13-45-43_1318a586f31d_initial_migration.ts';
import m04ae19b32c08 from './2021-08-01-14-18-43_04ae19b32c08_add_col_saved_in_hdf5.ts';
import mf1ada2484fe2 from './2022-03-17-15-57-28_f1ada2484fe2_create_figures_table.ts';
import m9ffd2ba0d5bf from './2022-04-10-08-26-35_9ffd2ba0d5bf_simplifying_node_id.ts';
import m06140c96c8c4 from './2022-05-19-09-12-01_06140c96c8c4_wrapping_param_store_values.ts';
import m7fa75ca1263f from './2022-06-16-09-26-06_7fa75ca1263f_del_results_and_metadata.ts';
import m273a9fae6206 from './2022-06-23-10-16-39_273a9fae6206_experiments_favorite_col.ts';
import m09f3b5a1689c from './2022-06-28-12-13-39_09f3b5a1689c_fixing_param_qualified_name.ts';
import m997e336572b8 from './2022-08-07-11-53-59_997e336572b8_paramstore_json_v0_3.ts';

export const migrations: readonly MigrationScript[] = [
  m1318a586f31d,
  m04ae19b32c08,
  mf1ada2484fe2,
  m9ffd2ba0d5bf,
  m06140c96c8c4,
  m7fa75ca1263f,
  m273a9fae6206,
  m09f3b5a1689c,
  m997e336572b8,
  // migration:new inserts here
];

/** Entropy, as the CLI, the worker and the tools are handed it. */
export const entropy = entropyProject(migrations);
/** Entropy with what a host adds (the CLI's run: threads for the HDF5 move). */
export const entropyWith = (options: EntropyOptions) => entropyProject(migrations, options);
/** The name the developer tools look for in a registry. */
export const project = entropy;

export const chain = entropy.chain;
