/**
 * params.json read back after a step wrote it, before anything reaches the folder: the bytes
 * as they were staged (with a keeper: from disk), through this folder's own JSON reader, must
 * be the tree the conversion meant to write, commit by commit and key by key; and the step
 * must have kept every commit of the file it converted, with every parameter key. A difference
 * is a ReadBackError naming the commit and the key; the run then writes nothing.
 */
import { ReadBackError, printable } from '../../src/engine/index.ts';
import { PyDict, PyList, parsePythonJson, type PyValue } from './python-json.ts';
import { allDocs, DEFAULT_TABLE, getDoc, isTruthyDoc, tablesOf, TEMP_DOC_ID, TEMP_TABLE } from './tinydb.ts';

/** Two trees as json.loads gives them (no shared objects, no restored classes): equal? */
export function sameJson(a: PyValue | undefined, b: PyValue | undefined): boolean {
  // a float: -0.0 is not 0.0 and NaN is NaN, as json.dumps writes them; an int (bigint) is never a float
  if (typeof a === 'number') return typeof b === 'number' && (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)));
  if (a === b) return true;
  if (a instanceof PyList) return b instanceof PyList && a.items.length === b.items.length && a.items.every((x, i) => sameJson(x, b.items[i]));
  if (a instanceof PyDict) {
    if (!(b instanceof PyDict) || a.entries.size !== b.entries.size) return false;
    const keys = [...b.entries.keys()];
    return [...a.entries].every(([k, v], i) => keys[i] === k && sameJson(v, b.entries.get(k)));
  }
  return false;
}

const shown = (key: string) => `"${printable(key, 40)}"`;

/** The first key of a commit's params whose value differs, or what else differs; null when equal. */
function commitDifference(meant: PyValue, read: PyValue | undefined): string | null {
  if (sameJson(meant, read)) return null;
  const params = meant instanceof PyDict ? meant.get('params') : undefined;
  const back = read instanceof PyDict ? read.get('params') : undefined;
  if (params instanceof PyDict && back instanceof PyDict) {
    for (const [key, value] of params.entries) if (!sameJson(value, back.get(key))) return `its key ${shown(key)} differs`;
    const extra = [...back.entries.keys()].find((k) => !params.has(k));
    if (extra !== undefined) return `it has a key ${shown(extra)} that was not written`;
  }
  return read === undefined ? 'it is missing' : 'its metadata differs';
}

/** The commits a file holds: its default table's documents, and the temp document where there is one. */
function commitsOf(tables: PyDict, path: string): [string, PyValue][] {
  const temp = getDoc(tables, TEMP_TABLE, TEMP_DOC_ID);
  return [...allDocs(tables, DEFAULT_TABLE, path), ...(isTruthyDoc(temp) ? [[`temp`, temp] as [string, PyValue]] : [])];
}

const paramKeys = (doc: PyValue): string[] => {
  const params = doc instanceof PyDict ? doc.get('params') : undefined;
  return params instanceof PyDict ? [...params.entries.keys()] : [];
};

/**
 * Checks `bytes` (params.json as staged) against `meant` (the tree the step dumped) and, when
 * the step converted a file, against that file's tables (`before`, as json.loads read it).
 * Returns how many commits (default-table documents) were written, and how many of them read back equal.
 */
export function readBackParams(bytes: Uint8Array | null, meant: PyValue, before: PyDict | null, path: string): { written: number; equal: number } {
  const fail = (detail: string, data: Record<string, unknown> = {}) => new ReadBackError(path, `${path}, read back, ${detail}`, data);
  if (bytes === null) throw fail('is not there');
  let read: PyDict;
  try {
    read = tablesOf(parsePythonJson(bytes, path), path);
  } catch {
    throw fail('cannot be read as the ParamStore file that was written');
  }
  const intended = tablesOf(meant, path);
  const written = commitsOf(intended, path);
  const back = new Map(commitsOf(read, path));
  for (const [id, doc] of written) {
    const problem = commitDifference(doc, back.get(id));
    if (problem) throw fail(`does not hold commit ${id} as converted: ${problem}`, { commit: id });
  }
  const others = (tables: PyDict) => [...tables.entries].filter(([name]) => name !== DEFAULT_TABLE && name !== TEMP_TABLE);
  const sameOthers = others(intended).length === others(read).length && others(intended).every(([name, table], i) => others(read)[i]![0] === name && sameJson(table, read.get(name)));
  const sameTables = JSON.stringify([...intended.entries.keys()]) === JSON.stringify([...read.entries.keys()]);
  if (back.size !== written.length || !sameOthers || !sameTables) throw fail('holds more or other than was written');
  if (before !== null) {
    const old = commitsOf(before, path);
    for (const [id, doc] of old) {
      const now = back.get(id);
      if (now === undefined) throw fail(`has lost commit ${id} of the file it was converted from`, { commit: id });
      const kept = new Set(paramKeys(now));
      const lost = paramKeys(doc).find((k) => !kept.has(k));
      if (lost !== undefined) throw fail(`has lost the key ${shown(lost)} of commit ${id}`, { commit: id, key: lost });
    }
  }
  return { written: allDocs(intended, DEFAULT_TABLE, path).length, equal: allDocs(read, DEFAULT_TABLE, path).length };
}
