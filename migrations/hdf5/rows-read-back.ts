/**
 * The move's read-back: an experiment's new file, read again from the bytes that will reach
 * the folder, must hold every row's value as its source says (the decoded pickle, the npy
 * array or the text, as h5py would hold it, or the pickle Entropy unpickles, with its
 * data_type). A difference is a typed error naming the row; the run then writes nothing.
 *
 * What it costs decides what is read: every h5wasm call opens its object again by path, some
 * 20 to 40 µs each, so reading back the six attributes of a row costs what writing them did,
 * a third of a whole-project run where the values are small (the bench's project: 3,065 rows,
 * 1 s of 5). The value alone costs two calls (its type, its bytes), about a tenth of the run;
 * a pickle's row adds the list of attribute names (data_type must be there and say Pickled,
 * and nothing else beside Entropy's own). Attribute values come from the row's columns through
 * layout.ts, whose output tests/hdf5/move.test.ts pins.
 */
import { printable, ReadBackError } from '../../src/engine/index.ts';
import { arrayDtype, DATA_TYPE, nativelyWritable, numpyValueOf } from './dataset-writer.ts';
import { h5wasm, H5T, readHdf5, type Dataset, type File, type Metadata } from './h5.ts';
import { attributeNames, datasetEquals, equalBytes, readAttribute, vlenStringsEqual } from './h5-read.ts';
import { groupPathOf } from './layout.ts';
import { pickleDumps } from './pickle-write.ts';
import { rowWhere, TABLES, type DecodedRow } from './rows.ts';
import { textBytes } from './storage-kinds.ts';

export interface RowsReadBack {
  readonly results: number;
  readonly metadata: number;
}

/** Reads `bytes` (the experiment's file as written) and checks every row of `rows` in it. */
export function readBackRows(bytes: Uint8Array, path: string, rows: readonly DecodedRow[]): RowsReadBack {
  const counts = { results: 0, metadata: 0 };
  readHdf5(bytes, (file) => {
    for (const row of rows) {
      const problem = differenceIn(file, row);
      if (problem !== null) {
        const where = rowWhere(TABLES[row.entity], { id: row.id, experiment_id: row.experimentId, label: row.label });
        throw new ReadBackError(
          path,
          `${where}: ${path}, read back, does not hold what was written at ${printable(`${groupPathOf(row)}/${row.entity}`, 60)} (${problem})`,
          { id: row.id, experimentId: row.experimentId, label: row.label },
        );
      }
      if (row.entity === 'result') counts.results++;
      else counts.metadata++;
    }
  });
  return counts;
}

const sameBytes = equalBytes;

function differenceIn(file: File, row: DecodedRow): string | null {
  // Named, not looked up (a look-up asks HDF5 for the object's type first): HDF5 refuses a
  // path that is not a dataset when its metadata is asked for.
  const dataset = new (h5wasm().Dataset)(file.file_id, `${groupPathOf(row)}/${row.entity}`);
  let metadata: Metadata;
  try {
    metadata = dataset.metadata;
  } catch {
    return 'no dataset there';
  }
  if (!expectsPickle(row)) return valueDifference(dataset, metadata, row);
  const names = attributeNames(dataset).sort();
  const expected = expectedAttributes(row, true);
  if (names.join('\0') !== expected.join('\0')) return `its attributes are ${names.join(', ') || 'none'}, not ${expected.join(', ')}`;
  return pickleDifference(dataset, metadata, row);
}

/** h5py's rule: what it cannot hold (a NUL in a string, a type it has none for) Entropy pickles. */
function expectsPickle(row: DecodedRow): boolean {
  const s = row.storage;
  switch (s.kind) {
    case 'text':
      return s.text.includes('\0');
    case 'bytes':
      return s.bytes.includes(0);
    case 'strings':
      return s.items.some((b) => b.includes(0));
    case 'array':
      return !nativelyWritable(s.array);
    case 'original':
      return true;
  }
}

/** The attributes Entropy's _save_entity_to_file gives a row, by name (data_type: held as a pickle). */
function expectedAttributes(row: DecodedRow, pickled: boolean): string[] {
  const names = ['experiment_id', 'stage', 'label', 'time'];
  if (row.story) names.push('story');
  if (BigInt(row.id) !== 0n) names.push('migrated_id');
  if (pickled) names.push('data_type');
  return names.sort();
}

const sameShape = (m: Metadata, shape: readonly number[]) => (m.shape ?? []).length === shape.length && shape.every((n, i) => m.shape![i] === n);

/** The value read back against the row's source value; null when equal. */
function valueDifference(dataset: Dataset, m: Metadata, row: DecodedRow): string | null {
  const storage = row.storage;
  switch (storage.kind) {
    case 'text':
      return m.type === H5T.STRING && m.vlen && m.cset === 1 && sameShape(m, []) && vlenStringsEqual(dataset, m, [textBytes(storage)]) ? null : 'the text differs';
    case 'bytes':
      return m.type === H5T.STRING && m.vlen && m.cset !== 1 && sameShape(m, []) && vlenStringsEqual(dataset, m, [storage.bytes]) ? null : 'the bytes differ';
    case 'strings':
      return m.type === H5T.STRING && m.vlen && (m.cset === 1) === (storage.cset === 'utf-8') && sameShape(m, storage.shape) && vlenStringsEqual(dataset, m, storage.items)
        ? null
        : 'the strings differ';
    case 'array': {
      if (!nativelyWritable(storage.array)) return 'a value h5py cannot hold natively is not held as a pickle';
      const want = arrayDtype(storage.array);
      const sameType = m.type === want.type && m.size === want.size && (m.type !== H5T.INTEGER || m.signed === want.signed);
      return sameType && sameShape(m, storage.array.shape) && datasetEquals(dataset, m, storage.array.data) ? null : 'the array differs';
    }
    case 'original':
      return "a value h5py cannot hold is not held as Entropy's pickle";
  }
}

/**
 * A value held as a pickle: the bytes must be a uint8 dataset with data_type Pickled, byte
 * for byte the pickle Entropy unpickles: the row's own pickle where Entropy keeps the original
 * object, else the pickle of the source array as the numpy value h5py would give (a scalar
 * for shape (), little-endian).
 */
function pickleDifference(dataset: Dataset, m: Metadata, row: DecodedRow): string | null {
  const tag = readAttribute(dataset, 'data_type').bytes;
  if (!sameBytes(tag, new Uint8Array(new Int16Array([DATA_TYPE.Pickled]).buffer))) return 'its data_type attribute differs';
  if (m.type !== H5T.INTEGER || m.size !== 1 || m.signed) return 'the pickle is not held as bytes';
  const storage = row.storage;
  if (storage.kind !== 'array') {
    // Text, bytes or strings with a NUL, or a value h5py refuses: Entropy's pickle of the original.
    return datasetEquals(dataset, m, row.originalPickle()) ? null : 'the pickle differs from the source';
  }
  // An array h5py has no type for: the pickle of the numpy value it is, from the source array.
  return datasetEquals(dataset, m, pickleDumps(numpyValueOf(storage.array))) ? null : 'the pickled array differs from the source';
}
