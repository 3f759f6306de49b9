/**
 * Where the move puts one experiment's rows, checked against its file as it is, before
 * anything is written: Entropy's own upgrade stops where two rows meet in one place, or a path
 * runs through something that is not a group.
 */
import { printable } from '../../src/engine/index.ts';
import { Hdf5MoveError, type Hdf5Warning } from './errors.ts';
import { h5wasm, readHdf5, readHdf5Unread, type File } from './h5.ts';
import { describeHdf5Failure } from './hdf5-failure.ts';
import type { IdText } from './ids.ts';
import { experimentFile, groupPathOf } from './layout.ts';
import { rowWhere, TABLES, type DecodedRow } from './rows.ts';

/**
 * One experiment's rows against its file as it is: two rows for one place (or a place its
 * file already holds, or a path through something that is not a group) are refused, as they
 * stop Entropy's own upgrade; metadata without a result beside it is warned of. The file is
 * asked about each row's place only, never walked (a file may hold links that loop).
 * `existing`: the experiment's file as it is (its bytes, or unread: readHdf5Unread), or null when it has none.
 */
export function checkLayout(existing: Uint8Array | Blob | null, id: IdText, rows: readonly DecodedRow[]): Hdf5Warning[] {
  const path = experimentFile(id);
  const held = existing ? readExisting(existing, path, (file) => placesIn(file, path, rows)) : { taken: new Set<string>(), results: new Set<string>() };
  const taken = new Map<string, string>([...held.taken].map((p) => [p, `an existing dataset of ${path}`]));
  const results = new Set(held.results);
  for (const r of rows) {
    const place = `${groupPathOf(r)}/${r.entity}`;
    const other = taken.get(place);
    if (other) {
      const where = rowWhere(TABLES[r.entity], { id: r.id, experiment_id: id, label: r.label });
      throw new Hdf5MoveError(
        'DUPLICATE_LABEL',
        `${where} would go to ${printable(place, 80)}, which already holds ${other}; Entropy's layout keeps one ${r.entity} per stage and label (Entropy's own upgrade stops there).`,
        { experimentId: id, path: place, id: r.id },
      );
    }
    taken.set(place, `${TABLES[r.entity]} row ${r.id}`);
    if (r.entity === 'result') results.add(groupPathOf(r));
  }
  for (const r of rows) throughDataset(r, id, taken);
  const warned = new Set<string>();
  const warnings: Hdf5Warning[] = [];
  for (const r of rows) {
    const group = groupPathOf(r);
    if (r.entity !== 'metadata' || results.has(group) || warned.has(group)) continue;
    warned.add(group);
    warnings.push({
      code: 'METADATA_WITHOUT_RESULT',
      message: `Experiment ${id}: metadata at ${printable(group, 80)} has no result beside it; Entropy 0.15.9 reads this layout with a KeyError (its get_results() fails for this experiment).`,
    });
  }
  return warnings;
}

/**
 * A row whose group path runs through another row's dataset (labels "a" and "a/result"):
 * h5py's require_group refuses it, or create_dataset finds a group there, whichever row comes
 * first, so Entropy's own upgrade stops.
 */
function throughDataset(r: DecodedRow, id: IdText, taken: ReadonlyMap<string, string>): void {
  let at = '';
  for (const part of groupPathOf(r).split('/').filter((p) => p !== '')) {
    at = `${at}/${part}`;
    const other = taken.get(at);
    if (other === undefined) continue;
    const where = rowWhere(TABLES[r.entity], { id: r.id, experiment_id: id, label: r.label });
    throw new Hdf5MoveError(
      'DUPLICATE_LABEL',
      `${where} would go under ${printable(at, 80)}, which holds ${other}, not a group (Entropy's own upgrade stops there).`,
      { experimentId: id, path: at, id: r.id },
    );
  }
}

/**
 * What an existing experiment file already holds where the rows go: datasets (or any link)
 * at their places, and results beside them. A path through a dataset is refused, as h5py's
 * require_group refuses it.
 */
function placesIn(file: File, path: string, rows: readonly DecodedRow[]): { taken: Set<string>; results: Set<string> } {
  const taken = new Set<string>();
  const results = new Set<string>();
  const h5 = h5wasm();
  for (const r of rows) {
    let at = '';
    for (const part of groupPathOf(r).split('/').filter((p) => p !== '')) {
      at = `${at}/${part}`;
      const found = file.get(at);
      if (found !== null && !(found instanceof h5.Group)) {
        const where = rowWhere(TABLES[r.entity], { id: r.id, experiment_id: r.experimentId, label: r.label });
        throw new Hdf5MoveError('DUPLICATE_LABEL', `${where} would go under ${printable(at, 80)} in ${path}, which is not a group there (Entropy's own upgrade stops there).`, { path, at });
      }
      if (found === null) break;
    }
    if (file.get(`${groupPathOf(r)}/${r.entity}`) !== null) taken.add(`${groupPathOf(r)}/${r.entity}`);
    if (file.get(`${groupPathOf(r)}/result`) !== null) results.add(groupPathOf(r));
  }
  return { taken, results };
}

/** Reads an experiment's existing file (its bytes, or unread); HDF5's failures become one sentence naming `path`. */
export function readExisting<T>(existing: Uint8Array | Blob, path: string, read: (file: File) => T): T {
  try {
    return existing instanceof Uint8Array ? readHdf5(existing, read) : readHdf5Unread(existing, read);
  } catch (e) {
    throw describeHdf5Failure(e, path);
  }
}
