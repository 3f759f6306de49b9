/**
 * A project whose results files outweigh its database many times over (issue 21's page case:
 * a 250 MB database beside 3 GB of HDF5 files), built from a bench project template
 * (project-run.ts). Every experiment gets the `.entropy/hdf5/<id>.hdf5` that Entropy's
 * HDF5Storage would have written for its saved_in_hdf5 = 1 rows, each row's value a float64
 * array sized so the files add up to the asked total. The upgrade then extends every one of
 * them with the experiment's saved_in_hdf5 = 0 rows: each big file is read, grown and written
 * again, the worst case for the page's memory.
 *
 * The template's database has no flagged rows (projectTemplate deletes them: it has no files
 * for them), so the database comes from DATA-DB, the bench's generated one: its flagged Results
 * rows get their files here, and its flagged metadata rows, which get none, are deleted (a
 * project whose files do not hold its flagged rows is refused, migrations/hdf5/kept-check.ts).
 *
 *   npx tsx bench/hdf5-heavy-project.ts TEMPLATE-FOLDER DATA-DB OUT-FOLDER GIB
 */
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimentHdf5, type RowSpec } from '../migrations/builders/hdf5-files.ts';
import { loadHdf5 } from '../migrations/hdf5/h5.ts';
import { npyOf } from '../migrations/builders/python-values.ts';
import { SQLITE3 } from './fingerprint.ts';
import { timed } from './proc.ts';

interface SavedRow {
  readonly experiment_id: number;
  readonly stage: number;
  readonly label: string;
  readonly time: string;
}

const [template, data, out, gib] = process.argv.slice(2);
if (!template || !data || !out || !gib || !(Number(gib) > 0)) throw new Error('usage: hdf5-heavy-project.ts TEMPLATE-FOLDER DATA-DB OUT-FOLDER GIB');
if (existsSync(out)) throw new Error(`${out} exists already: remove it first`);
cpSync(template, out, { recursive: true });
try {
  const database = join(out, '.entropy', 'entropy.db');
  cpSync(data, database);
  await timed(SQLITE3, [database, 'DELETE FROM ExperimentMetadata WHERE saved_in_hdf5 = 1']);
  const { stdout } = await timed(SQLITE3, ['-readonly', '-json', database, 'SELECT experiment_id, stage, label, time FROM Results WHERE saved_in_hdf5 = 1 ORDER BY experiment_id, id']);
  const rows = JSON.parse(stdout) as SavedRow[];
  if (!rows.length) throw new Error(`${database} has no saved_in_hdf5 = 1 results to write files for`);
  const byExperiment = new Map<number, SavedRow[]>();
  for (const r of rows) byExperiment.set(r.experiment_id, [...(byExperiment.get(r.experiment_id) ?? []), r]);
  // float64 elements per row, so that the values add up to the asked total.
  const elements = Math.floor((Number(gib) * 1024 ** 3) / rows.length / 8);

  await loadHdf5();
  mkdirSync(join(out, '.entropy', 'hdf5'));
  let written = 0;
  for (const [experimentId, saved] of byExperiment) {
    const specs: RowSpec[] = saved.map((r, i) => {
      // Values differ per row and file, so no two files are alike (no layer below can dedupe them).
      const values = new Float64Array(elements);
      for (let k = 0; k < elements; k++) values[k] = experimentId * 1e6 + i * 1e3 + k;
      return { experimentId, stage: r.stage, label: r.label, time: r.time, ...npyOf(values, [elements]), savedInHdf5: true };
    });
    const bytes = experimentHdf5(specs);
    writeFileSync(join(out, '.entropy', 'hdf5', `${experimentId}.hdf5`), bytes);
    written += bytes.length;
  }
  console.log(`${byExperiment.size} files, ${(written / 1024 ** 3).toFixed(2)} GiB of HDF5 in ${out}`);
} catch (error) {
  rmSync(out, { recursive: true, force: true });
  throw error;
}
