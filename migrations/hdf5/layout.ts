/** Entropy's per-experiment HDF5 layout (storage.py `_save_entity_to_file`), written with h5wasm. */
import { createRawAttribute, createVlenStringAttribute, dtypeMetadata, h5wasm, joinPath, requireGroup, type Dataset, type File } from './h5.ts';
import { writeStorage, type Written } from './dataset-writer.ts';
import type { DecodedRow, LocalTime } from './rows.ts';
import { int64Bytes, type IdText } from './ids.ts';

export const HDF5_DIR = '.entropy/hdf5';
export const GLOBAL_HDF5 = '.entropy/entropy.hdf5';
export const GLOBAL_HDF5_BAK = '.entropy/entropy.hdf5.bak';

/** `f"{experiment_id}.hdf5"`: the id's decimal text, exact (see ids.ts). */
export const experimentFile = (experimentId: IdText): string => `${HDF5_DIR}/${experimentId}.hdf5`;

/**
 * Where Entropy puts a row: the group `/<stage>/<label>` and the dataset named after the
 * entity, as HDF5 resolves the path: empty parts (a label "a//b") and "." parts (a label
 * "a/./b", the same group as "a/b") name no group of their own. A label whose last part is "."
 * names the stage's group itself, which Entropy's upgrade cannot create (rows.ts refuses it).
 */
export const groupPathOf = (row: { stage: IdText; label: string }): string => `/${[row.stage, ...labelParts(row.label)].join('/')}`;

/** The groups a label's path goes through, as HDF5 walks it. */
const labelParts = (label: string): string[] => label.split('/').filter((part) => part !== '' && part !== '.');

/** A label that HDF5 turns into groups within groups ("a/b"; not "a/", "./a" or "a//"). */
export const nestsGroups = (label: string): boolean => labelParts(label).length > 1;

/** A label whose path ends in ".": h5py's require_group finds the stage's group already there and stops. */
export const namesItsStage = (label: string): boolean => label.split('/').filter((part) => part !== '').at(-1) === '.';

/** Minutes east of UTC of a local wall-clock time; Python's `astimezone()` asks the system zone. */
export type UtcOffset = (time: LocalTime) => number;

export const systemUtcOffset: UtcOffset = (t) =>
  -new Date(t.year, t.month - 1, t.day, t.hour, t.minute, t.second).getTimezoneOffset();

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Python's `naive.astimezone().isoformat()`. */
export function isoformat(t: LocalTime, offset: UtcOffset): string {
  const minutes = offset(t);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const micro = t.microsecond ? `.${pad(t.microsecond, 6)}` : '';
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${micro}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function stringAttr(dataset: Dataset, name: string, value: string): void {
  createVlenStringAttribute(dataset, name, [value], [], 'utf-8');
}

/** Writes one row as Entropy's migration does, with its attributes; returns how its value is held. */
export function writeRow(file: File, row: DecodedRow, offset: UtcOffset): Written {
  const group = requireGroup(file, groupPathOf(row));
  const written = writeStorage(group, row.entity, row.storage, row.originalPickle);
  // The dataset just written, named rather than looked up: a look-up asks HDF5 for its type.
  const dataset = new (h5wasm().Dataset)(group.file_id, joinPath(group, row.entity));
  const q = dtypeMetadata('<q');
  createRawAttribute(dataset, 'experiment_id', q, [], int64Bytes(row.experimentId));
  createRawAttribute(dataset, 'stage', q, [], int64Bytes(row.stage));
  stringAttr(dataset, 'label', row.label);
  stringAttr(dataset, 'time', isoformat(row.time, offset));
  if (row.story) stringAttr(dataset, 'story', row.story);
  // `if migrated_id:` in Python: a row id 0 (a value saved straight into HDF5) writes none.
  if (BigInt(row.id) !== 0n) createRawAttribute(dataset, 'migrated_id', q, [], int64Bytes(row.id));
  return written;
}
