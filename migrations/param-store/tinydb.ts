/**
 * tinydb 4.7.1's file layout and the few Table operations Entropy's migrations use:
 * the file is {table name: {doc id: document}}; `all()` walks a table in file order with ids read
 * by int(); `get(doc_id=1)` looks up the key "1" as written; `insert` of a Document keeps its id
 * (written back as str(id)), of a plain dict takes max(id) + 1; a table appears in the file when
 * its first document is inserted, after the tables already there.
 */
import { printable } from '../../src/engine/index.ts';
import { pythonIntOf } from '../support/exact-int.ts';
import { ParamStoreFileError } from './errors.ts';
import { PyDict, type PyValue } from './python-json.ts';

export const DEFAULT_TABLE = '_default';
export const TEMP_TABLE = 'temp';
export const INFO_TABLE = 'info';
export const TEMP_DOC_ID = '1';
export const INFO_DOC_ID = '1';

export function notTinydb(path: string, why: string): ParamStoreFileError {
  return new ParamStoreFileError('PARAMS_NOT_TINYDB', `${path} is not a ParamStore file: ${why}.`, { path });
}

/** The tables of a parsed file, checked to be tinydb's shape. */
export function tablesOf(root: PyValue, path: string): PyDict {
  if (!(root instanceof PyDict)) throw notTinydb(path, 'its top level is not a JSON object of tables');
  for (const [name, table] of root.entries) {
    if (!(table instanceof PyDict)) throw notTinydb(path, `its table "${name}" is not a JSON object of documents`);
  }
  return root;
}

/** Python's int(key) for a document id, as str() writes it back. */
export function docIdOf(key: string, path: string): string {
  const id = pythonIntOf(key);
  if (id === null) throw notTinydb(path, `"${printable(key, 40)}" is not a document number`);
  return id.toString();
}

/** `table.all()`: documents with their ids, in file order. */
export function allDocs(tables: PyDict, name: string, path: string): [string, PyValue][] {
  const table = tables.get(name);
  if (!(table instanceof PyDict)) return [];
  return [...table.entries].map(([key, doc]) => [docIdOf(key, path), doc]);
}

/** `table.get(doc_id=...)`: the document under exactly that key, or undefined. */
export function getDoc(tables: PyDict, name: string, id: string): PyValue | undefined {
  const table = tables.get(name);
  return table instanceof PyDict ? table.get(id) : undefined;
}

/** Python truthiness of a document (`if old_temp:`): a missing or empty document is skipped. */
export function isTruthyDoc(doc: PyValue | undefined): doc is PyValue {
  if (doc === undefined || doc === null || doc === false || doc === '') return false;
  return !(doc instanceof PyDict) || !doc.isEmpty;
}

/** Each table's document ids and the largest, kept as documents are inserted (a scan per insert is quadratic). */
const idsOf = new WeakMap<PyDict, { readonly ids: Set<string>; max: bigint }>();

/** `table.insert(doc)`; `id` null = a plain dict (next id). */
export function insertDoc(tables: PyDict, name: string, id: string | null, doc: PyValue, path: string): void {
  let table = tables.get(name);
  if (!(table instanceof PyDict)) {
    table = new PyDict();
    tables.set(name, table);
  }
  let known = idsOf.get(table);
  if (!known || known.ids.size !== table.entries.size) {
    const ids = new Set([...table.entries.keys()].map((k) => docIdOf(k, path)));
    const numbers = [...ids].map(BigInt);
    known = { ids, max: numbers.length ? numbers.reduce((a, b) => (b > a ? b : a)) : 0n };
    idsOf.set(table, known);
  }
  const key = id ?? (known.ids.size ? known.max + 1n : 1n).toString();
  if (known.ids.has(key)) throw notTinydb(path, `document ${key} of table "${printable(name, 40)}" appears twice`);
  table.set(key, doc);
  known.ids.add(key);
  if (BigInt(key) > known.max) known.max = BigInt(key);
}

/** tinydbpersistence.get_version: "0.1" when there is no info table. */
export function versionOf(tables: PyDict, path: string): PyValue {
  if (!tables.has(INFO_TABLE)) return '0.1';
  const info = getDoc(tables, INFO_TABLE, INFO_DOC_ID);
  if (!(info instanceof PyDict)) throw notTinydb(path, 'its "info" table has no document 1');
  return info.get('version') ?? null;
}
