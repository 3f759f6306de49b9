/**
 * params.json as tinydb's two storages read and write it, in time and memory linear in the
 * file: JSONStorage (plain JSON) and Entropy's JSONPickleStorage (the same JSON through
 * jsonpickle). The file is parsed once per step; both views come from that one parse.
 *
 * tinydb on JSONPickleStorage reads the whole file back (jsonpickle.decode) before each insert
 * and writes it again after. Reading back is not always the identity (a py/id after a Param,
 * see jsonpickle.ts), so Entropy's file is what those rounds make. But a write without any
 * py/id reads back as it was: while no object is shared, the rounds change nothing and are not
 * made (a 200 MB file of a few commits was encoded once per insert, and quadratic in commits);
 * from the first shared object on, every insert makes Entropy's full round.
 */
import { decodeJsonpickle, encodeCountingRefs, hasOldParams, sharesObjects, unshare } from './jsonpickle.ts';
import { dumpsPythonBytes } from './json-dumps.ts';
import { parsePythonJson, PyDict, type PyValue } from './python-json.ts';
import { getDoc, INFO_DOC_ID, INFO_TABLE, insertDoc, isTruthyDoc, tablesOf } from './tinydb.ts';

/** The file's tables as plain JSON (JSONStorage); an empty file is an empty database; null when there is no file. */
export function readPlain(bytes: Uint8Array | null, path: string): PyDict | null {
  if (bytes === null) return null;
  return bytes.length === 0 ? new PyDict() : tablesOf(parsePythonJson(bytes, path), path);
}

/**
 * Entropy's JSONPickleStorage view of the plain tables. A file with Params of Entropy <= 0.12
 * (which Entropy 0.15.9 cannot migrate) is read as its writer meant it, unshared.
 */
export function pickledView(flat: PyDict, path: string): { tables: PyDict; legacy: boolean } {
  const legacy = hasOldParams(flat);
  const tables = tablesOf(decodeJsonpickle(flat, path, !legacy), path);
  return { tables: legacy ? unshare(tables, path) : tables, legacy };
}

/** A tinydb database on JSONPickleStorage being written, insert by insert. */
export class PickledDb {
  tables = new PyDict();
  /** Objects of the documents so far, while none is shared. */
  private readonly seen = new Set<object>();
  /** Set once an object is shared: from then on every insert makes Entropy's full round. */
  private exact = false;
  /** The last write's tree (exact rounds only: reading it back may differ from it). */
  private written: PyValue | null = null;
  private inserted = false;

  constructor(
    private readonly path: string,
    /** Read back as Entropy does (false for Entropy <= 0.12 files, see pickledView). */
    private readonly readBack = true,
  ) {}

  /** Starts from tables read from a file. */
  load(tables: PyDict): this {
    this.tables = tables;
    this.exact = sharesObjects(tables, this.seen);
    return this;
  }

  insert(table: string, id: string | null, doc: PyValue): void {
    // tinydb inserts a shallow copy of the document (dict(document)); it also makes the table a
    // new dict, which no py/id can tell apart, so the table is kept.
    const copy = doc instanceof PyDict ? new PyDict(new Map(doc.entries)) : doc;
    insertDoc(this.tables, table, id, copy, this.path);
    this.inserted = true;
    if (!this.exact) this.exact = sharesObjects(copy, this.seen);
    if (!this.exact) return;
    const { tree, refs } = encodeCountingRefs(this.tables);
    this.written = tree;
    if (refs > 0) this.tables = tablesOf(decodeJsonpickle(tree, this.path, this.readBack), this.path);
  }

  /** The JSON tree of the file as written; null when nothing was inserted (tinydb writes on insert only). */
  flat(): PyDict | null {
    if (!this.inserted) return null;
    return (this.exact ? this.written : encodeCountingRefs(this.tables).tree) as PyDict;
  }

  get isEmpty(): boolean {
    return !this.inserted;
  }

  /** Whether reading the file back gives these very tables (no object shared). */
  get readsBackAsItIs(): boolean {
    return !this.exact;
  }
}

/** The bytes of a written tree (json.dumps), or null for none. */
export const fileBytes = (flat: PyDict | null): Uint8Array | null => (flat === null ? null : dumpsPythonBytes(flat));

/**
 * tinydbpersistence.set_version through JSONPickleStorage, after a step wrote `written` (a
 * PickledDb, or a plain JSON tree; null: no file). It inserts an info document only when there is
 * none (Entropy's quirk: an existing one is changed in a copy and never written). Returns the
 * file's final tree.
 */
export function setVersion(written: PickledDb | PyDict | null, path: string, version: string, revision: string): PyDict | null {
  let db: PickledDb;
  if (written instanceof PickledDb && written.readsBackAsItIs) {
    db = written.isEmpty ? new PickledDb(path) : written; // reading the file back gives its tables as they are
  } else {
    const flat = written instanceof PickledDb ? written.flat() : written;
    const { tables, legacy } = flat === null ? { tables: new PyDict(), legacy: false } : pickledView(flat, path);
    db = new PickledDb(path, !legacy).load(tables);
  }
  if (isTruthyDoc(getDoc(db.tables, INFO_TABLE, INFO_DOC_ID))) return written instanceof PickledDb ? written.flat() : written;
  db.insert(INFO_TABLE, null, new PyDict(new Map<string, PyValue>([['version', version], ['revision', revision]])));
  return db.flat();
}
