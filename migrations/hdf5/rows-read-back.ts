/**
 * The move's read-back: an experiment's new file, read again from the bytes that will reach
 * the folder, must hold every row as its source says: each value (from the decoded pickle, the
 * npy array or the text, as h5py would hold it, or the pickle Entropy unpickles) and each of
 * Entropy's attributes (experiment_id, stage, label, time, story, migrated_id). A difference is
 * a typed error naming the row; the run then writes nothing.
 */
import { printable, ReadBackError } from '../../src/engine/index.ts';
import { arrayDtype, DATA_TYPE, nativelyWritable } from './dataset-writer.ts';
import { h5wasm, H5T, readHdf5, type Dataset, type File, type Metadata } from './h5.ts';
import { attributeNames, readAttribute, readRawDataset, readVlenStringBytes } from './h5-read.ts';
import { storageOf, type Storage } from './h5py-storage.ts';
import { int64Bytes } from './ids.ts';
import { groupPathOf, isoformat, type UtcOffset } from './layout.ts';
import { toLittleEndian, type NdArray } from './ndarray.ts';
import { pickleLoads } from './pickle-read.ts';
import { rowWhere, TABLES, type DecodedRow } from './rows.ts';

const utf8 = new TextEncoder();

export interface RowsReadBack {
  readonly results: number;
  readonly metadata: number;
}

/** Reads `bytes` (the experiment's file as written) and checks every row of `rows` in it. */
export function readBackRows(bytes: Uint8Array, path: string, rows: readonly DecodedRow[], offset: UtcOffset): RowsReadBack {
  const counts = { results: 0, metadata: 0 };
  readHdf5(bytes, (file) => {
    for (const row of rows) {
      const problem = differenceIn(file, row, offset);
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

const sameBytes = (a: Uint8Array | null | undefined, b: Uint8Array): boolean => !!a && a.length === b.length && a.every((x, i) => x === b[i]);

function differenceIn(file: File, row: DecodedRow, offset: UtcOffset): string | null {
  const dataset = file.get(`${groupPathOf(row)}/${row.entity}`);
  if (!(dataset instanceof h5wasm().Dataset)) return 'no dataset there';
  const names = new Set(attributeNames(dataset));
  const int64 = (name: string, value: string) => names.has(name) && sameBytes(readAttribute(dataset, name).bytes, int64Bytes(value));
  const text = (name: string, value: string) => names.has(name) && sameItems(readAttribute(dataset, name).items, [utf8.encode(value)]);
  if (!int64('experiment_id', row.experimentId)) return 'its experiment_id attribute differs';
  if (!int64('stage', row.stage)) return 'its stage attribute differs';
  if (!text('label', row.label)) return 'its label attribute differs';
  if (!text('time', isoformat(row.time, offset))) return 'its time attribute differs';
  if (row.story ? !text('story', row.story) : names.has('story')) return 'its story attribute differs';
  if (BigInt(row.id) !== 0n ? !int64('migrated_id', row.id) : names.has('migrated_id')) return 'its migrated_id attribute differs';
  return valueDifference(dataset, row);
}

function sameItems(items: readonly Uint8Array[] | null, expected: readonly Uint8Array[]): boolean {
  return !!items && items.length === expected.length && items.every((item, i) => sameBytes(item, expected[i]!));
}

const sameShape = (m: Metadata, shape: readonly number[]) => (m.shape ?? []).length === shape.length && shape.every((n, i) => m.shape![i] === n);

/** The value read back against the row's source value; null when equal. */
function valueDifference(dataset: Dataset, row: DecodedRow): string | null {
  const m = dataset.metadata;
  const pickled = attributeNames(dataset).includes('data_type');
  if (pickled) return pickleDifference(dataset, row);
  const storage = row.storage;
  switch (storage.kind) {
    case 'text':
      return m.type === H5T.STRING && m.vlen && m.cset === 1 && sameShape(m, []) && sameItems(readVlenStringBytes(dataset), [utf8.encode(storage.text)]) ? null : 'the text differs';
    case 'bytes':
      return m.type === H5T.STRING && m.vlen && m.cset !== 1 && sameShape(m, []) && sameItems(readVlenStringBytes(dataset), [storage.bytes]) ? null : 'the bytes differ';
    case 'strings':
      return m.type === H5T.STRING && m.vlen && (m.cset === 1) === (storage.cset === 'utf-8') && sameShape(m, storage.shape) && sameItems(readVlenStringBytes(dataset), storage.items)
        ? null
        : 'the strings differ';
    case 'array': {
      if (!nativelyWritable(storage.array)) return 'a value h5py cannot hold natively is not held as a pickle';
      const want = arrayDtype(storage.array);
      const sameType = m.type === want.type && m.size === want.size && (m.type !== H5T.INTEGER || m.signed === want.signed);
      return sameType && sameShape(m, storage.array.shape) && sameBytes(readRawDataset(dataset), storage.array.data) ? null : 'the array differs';
    }
    case 'original':
      return "a value h5py cannot hold is not held as Entropy's pickle";
  }
}

/**
 * A value held as a pickle: the bytes must be a uint8 dataset with data_type Pickled, and
 * unpickle to the source: the row's own pickle byte for byte where Entropy keeps the original
 * object, else an array or scalar equal to the source's (numpy scalars come back little-endian).
 */
function pickleDifference(dataset: Dataset, row: DecodedRow): string | null {
  const m = dataset.metadata;
  const tag = readAttribute(dataset, 'data_type').bytes;
  if (!sameBytes(tag, new Uint8Array(new Int16Array([DATA_TYPE.Pickled]).buffer))) return 'its data_type attribute differs';
  if (m.type !== H5T.INTEGER || m.size !== 1 || m.signed) return 'the pickle is not held as bytes';
  const bytes = readRawDataset(dataset);
  const storage = row.storage;
  if (storage.kind !== 'array') {
    // Text, bytes or strings with a NUL, or a value h5py refuses: Entropy's pickle of the original.
    return sameBytes(bytes, row.originalPickle()) ? null : 'the pickle differs from the source';
  }
  let back: Storage;
  try {
    back = storageOf(pickleLoads(bytes));
  } catch {
    return 'the pickle cannot be read back';
  }
  const want = storage.array.shape.length === 0 ? toLittleEndian(storage.array) : storage.array;
  return back.kind === 'array' && sameArray(back.array, want) ? null : 'the pickled array differs from the source';
}

function sameArray(a: NdArray, b: NdArray): boolean {
  const d = a.dtype;
  const e = b.dtype;
  const order = (o: string) => (o === '|' ? '<' : o);
  return d.kind === e.kind && d.itemsize === e.itemsize && order(d.order) === order(e.order) && a.shape.length === b.shape.length && a.shape.every((n, i) => n === b.shape[i]) && sameBytes(a.data, b.data);
}
