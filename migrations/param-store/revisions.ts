/**
 * What Entropy 0.15.9's revisions 06140c96c8c4, 09f3b5a1689c and 997e336572b8 do to
 * `.entropy/params.json` (entropylab/pipeline/params/persistence/migrations.py and the revision
 * files), byte for byte where Entropy succeeds, through the staged project files:
 * - each step moves params.json to `params.json.<revision>.bak` and writes a new file from it;
 *   a step with nothing to insert writes no file (tinydb writes on insert);
 * - then `set_version`, which inserts an info document only when there is none (Entropy's quirk:
 *   an existing one is changed in a copy and never written, so the version stays "0.2", which is
 *   what Entropy 0.15.9 opens); with no params.json at all it creates one holding only that;
 * - what Entropy only logs as a warning (no file, a file at another version) comes back as a note
 *   and changes nothing.
 * Where Entropy crashes, these complete (each marked "Entropy crashes here"): Params of Entropy
 * <= 0.12's classes, documents of the previous format, Params missing attributes. Files Entropy
 * 0.15.9 could not open either (not JSON, not tinydb, unknown version) get a ParamStoreFileError
 * before anything is moved.
 */
import type { ProjectFiles } from '../../src/engine/index.ts';
import { ParamStoreFileError } from './errors.ts';
import { readBackParams } from './read-back.ts';
import { deepCopy, decodeJsonpickle, encodeCountingRefs, hasOldParams, OLD_PARAM_CLASSES, unshare, PARAM_CLASS } from './jsonpickle.ts';
import { dict, dumpsPython, parsePythonJson, PyDict, PyFloat, PyInt, PyParam, PyTimestamp, type PyValue } from './python-json.ts';
import { addNanos, isoformatOfNs } from './timestamp.ts';
import {
  allDocs, DEFAULT_TABLE, getDoc, INFO_DOC_ID, INFO_TABLE, insertDoc, isTruthyDoc, notTinydb, tablesOf, TEMP_DOC_ID, TEMP_TABLE, versionOf,
} from './tinydb.ts';

/** Where Entropy keeps the ParamStore (AlembicUtil.get_param_store_file_path), from the project folder. */
export const PARAMS_PATH = '.entropy/params.json';

export const backupPath = (revision: string): string => `${PARAMS_PATH}.${revision}.bak`;
export const downgradedPath = (revision: string): string => `${PARAMS_PATH}.${revision}.downgraded`;

// ---------------------------------------------------------------------------------------------
// Reading and writing the file as tinydb's two storages do

/** tinydb's JSONStorage: plain JSON; an empty file is an empty database. */
function readPlain(files: Pick<ProjectFiles, 'read'>, path: string): PyDict {
  const bytes = files.read(path)!;
  return bytes.length === 0 ? new PyDict() : tablesOf(parsePythonJson(bytes, path), path);
}

/**
 * Entropy's JSONPickleStorage: the same file through jsonpickle.decode. A file with Params of
 * Entropy <= 0.12 (which Entropy 0.15.9 cannot migrate) is read as its writer meant it, unshared.
 */
function readPickled(files: Pick<ProjectFiles, 'read'>, path: string): { tables: PyDict; legacy: boolean } {
  const bytes = files.read(path);
  if (bytes === null || bytes.length === 0) return { tables: new PyDict(), legacy: false };
  const flat = tablesOf(parsePythonJson(bytes, path), path);
  const legacy = hasOldParams(flat);
  const tables = tablesOf(decodeJsonpickle(flat, path, !legacy), path);
  return { tables: legacy ? unshare(tables, path) : tables, legacy };
}


/**
 * A new tinydb database on JSONPickleStorage: every insert reads the whole file back
 * (jsonpickle.decode) before writing it again. Reading back is not always the identity (py/id
 * after a Param, see jsonpickle.ts), and Entropy's file is what those rounds make; when a write
 * has no references, reading it back changes nothing and is skipped.
 */
class PickledDb {
  tables = new PyDict();
  private encoded: PyValue | null = null;

  constructor(
    private readonly path: string,
    /** Read back as Entropy does (false for Entropy <= 0.12 files, see readPickled). */
    private readonly readBack = true,
  ) {}

  insert(table: string, id: string | null, doc: PyValue): void {
    // tinydb's _update_table: the table becomes a new dict, the document a shallow copy (dict(document)).
    const old = this.tables.get(table);
    if (old instanceof PyDict) this.tables.set(table, new PyDict(new Map(old.entries)));
    insertDoc(this.tables, table, id, doc instanceof PyDict ? new PyDict(new Map(doc.entries)) : doc, this.path);
    const { tree, refs } = encodeCountingRefs(this.tables);
    this.encoded = tree;
    if (refs > 0) this.tables = tablesOf(decodeJsonpickle(tree, this.path, this.readBack), this.path);
  }

  /** The file's new text, or null when nothing was inserted (tinydb writes on insert only). */
  text(): string | null {
    return this.encoded === null ? null : dumpsPython(this.encoded);
  }

  /** The tree text() dumps, for the read-back. */
  tree(): PyValue | null {
    return this.encoded;
  }
}

/** A step's new file: its text and the tree dumped into it (null: no file). */
interface Written {
  readonly text: string | null;
  readonly tree: PyValue | null;
}

/** Where a step reports the commits of params.json it read back equal (for the run's checks). */
export type ParamsReadBack = (count: { written: number; equal: number }) => void;


/**
 * tinydbpersistence.set_version through JSONPickleStorage (see the quirk above), on the text the
 * step has written (null: no file); returns the file's final text.
 */
function setVersion({ text, tree }: Written, path: string, version: string, revision: string): Written {
  const { tables, legacy } = readPickled(textFiles(text), path);
  if (isTruthyDoc(getDoc(tables, INFO_TABLE, INFO_DOC_ID))) return { text, tree };
  const db = new PickledDb(path, !legacy);
  db.tables = tables;
  db.insert(INFO_TABLE, null, dict({ version, revision }));
  return { text: db.text(), tree: db.tree() };
}

/** A one-file view for the readers, so a step computes everything before it touches the folder. */
function textFiles(text: string | null): Pick<ProjectFiles, 'read'> {
  const bytes = text === null ? null : new TextEncoder().encode(text);
  return { read: () => bytes };
}

/**
 * A step's only writes, after everything was computed and checked: the backup, then the new
 * file, read back at once (read-back.ts) against what was meant and against `before`, the file
 * the step converted as json.loads read it.
 */
function commit(files: ProjectFiles, path: string, revision: string | null, written: Written, before: PyDict | null, readBack?: ParamsReadBack): void {
  if (revision !== null) files.move(path, backupPath(revision));
  if (written.text === null) return;
  files.write(path, written.text);
  const count = readBackParams(files.read(path), written.tree!, before, path);
  readBack?.(count);
}

/** The version, when it is one Entropy 0.15.9 knows ("0.1" or "0.2"). */
function knownVersion(tables: PyDict, path: string): '0.1' | '0.2' {
  const version = versionOf(tables, path);
  if (version === '0.1' || version === '0.2') return version;
  const shown = typeof version === 'string' ? `"${version}"` : version === null ? 'no version' : 'a version that is not text';
  throw new ParamStoreFileError(
    'PARAMS_VERSION_UNKNOWN',
    `${path} has ParamStore format ${shown}; only 0.1 and 0.2 are known (to this tool and to Entropy 0.15.9), so it is left as it is.`,
    { path, version: typeof version === 'string' ? version : null },
  );
}

/** The warning check_version raises and Entropy's revisions log. */
const cannotMigrate = (path: string, from: string, to: string): string =>
  `Cannot migrate file '${path}' from version ${from} to version ${to}`;
const noFile = (path: string, to: string): string =>
  `Cannot migrate file '${path}' to version ${to} because the file does not exist`;

// ---------------------------------------------------------------------------------------------
// Documents

function commitParts(doc: PyValue, path: string): { metadata: PyDict; params: PyDict } {
  const metadata = doc instanceof PyDict ? doc.get('metadata') : undefined;
  const params = doc instanceof PyDict ? doc.get('params') : undefined;
  if (!(metadata instanceof PyDict) || !(params instanceof PyDict)) throw notTinydb(path, 'a commit has no "metadata" or "params" object');
  return { metadata, params };
}

const PARAM_FIELDS = ['value', 'commit_id', 'expiration', 'description', 'node_id'];

/** Param(value), as jsonpickle writes a fresh one. */
function newParam(value: PyValue): PyParam {
  return new PyParam(PARAM_CLASS, dict({ value, commit_id: null, expiration: null, description: null, node_id: null }));
}

/** A Param restored without some of Param's attributes (Entropy <= 0.12 had three): Entropy 0.15.9 would fail reading them. */
function completeParam(param: PyParam): void {
  if (PARAM_FIELDS.every((f) => param.state.has(f))) return;
  const state = new PyDict();
  for (const f of PARAM_FIELDS) state.set(f, param.state.get(f) ?? null);
  for (const [k, v] of param.state.entries) if (!state.has(k)) state.set(k, v);
  param.state = state;
}

/** _wrap_params + _rename_ns (0.1 -> 0.2) on a copy of a commit. */
function wrapCommit(doc: PyValue, path: string): PyValue {
  const commit = deepCopy(doc);
  const { metadata, params } = commitParts(commit, path);
  for (const [key, value] of params.entries) if (!(value instanceof PyParam)) params.set(key, newParam(value));
  if (metadata.has('ns')) {
    const ns = metadata.get('ns')!;
    metadata.entries.delete('ns');
    metadata.set('timestamp', ns);
  } else if (!metadata.has('timestamp')) {
    throw notTinydb(path, 'a commit has no time ("ns" or "timestamp")');
  }
  return commit;
}

/** A commit written by Entropy <= 0.12 (Params already, "timestamp" already): Entropy crashes here. */
function isV012Commit(doc: PyValue): boolean {
  const metadata = doc instanceof PyDict ? doc.get('metadata') : undefined;
  return metadata instanceof PyDict && !metadata.has('ns') && metadata.has('timestamp');
}

function timestampOf(value: PyValue | undefined, path: string): string {
  if (value instanceof PyInt) return isoformatOfNs(value.value, path);
  if (value instanceof PyFloat && Number.isFinite(value.value)) return isoformatOfNs(BigInt(Math.round(value.value)), path);
  if (value instanceof PyTimestamp) return value.isoformat; // pd.Timestamp(ts) is ts
  throw new ParamStoreFileError('PARAMS_UNSUPPORTED_VALUE', `${path} has a commit whose time is not a number of nanoseconds.`, { path });
}

/** Relative expirations are seconds; Entropy <= 0.12 stored absolute nanoseconds (far beyond any Timedelta). */
const ABSOLUTE_NS = 1e12;

/** _convert_timestamp_to_pd_timestamp + _convert_expiration_to_pd_timestamp (0.2 -> 0.3) on a copy. */
function convertCommit(doc: PyValue, path: string): PyValue {
  const commit = isV012Commit(doc) || !(doc instanceof PyDict) || !(doc.get('metadata') instanceof PyDict && (doc.get('metadata') as PyDict).has('ns'))
    ? deepCopy(doc)
    : wrapCommit(doc, path); // a 0.1 commit in a file marked 0.2: Entropy crashes here
  const { metadata, params } = commitParts(commit, path);
  const timestamp = timestampOf(metadata.get('timestamp'), path);
  metadata.set('timestamp', new PyTimestamp(timestamp));
  for (const [key, value] of params.entries) {
    let param: PyParam;
    if (value instanceof PyParam) param = value;
    else params.set(key, (param = newParam(value))); // a bare value: Entropy crashes here
    const old = OLD_PARAM_CLASSES.includes(param.cls);
    if (old) param.cls = PARAM_CLASS; // what 997e336572b8 meant to do (its new name is a tuple, and Params are not dicts)
    completeParam(param);
    const expiration = param.state.get('expiration');
    if (expiration instanceof PyInt && !(old && Number(expiration.value) > ABSOLUTE_NS)) {
      param.state.set('expiration', new PyTimestamp(addNanos(timestamp, expiration.value * 1_000_000_000n, path)));
    } else if (old && (expiration instanceof PyInt || (expiration instanceof PyFloat && Number.isFinite(expiration.value)))) {
      const n = expiration instanceof PyInt ? expiration.value : BigInt(Math.round(expiration.value));
      const iso = Number(n) > ABSOLUTE_NS ? isoformatOfNs(n, path) : addNanos(timestamp, BigInt(Math.round(Number(n) * 1e9)), path);
      param.state.set('expiration', new PyTimestamp(iso));
    }
  }
  return commit;
}

function renameParamClass(doc: PyValue, from: string, to: string, path: string): PyValue {
  const commit = deepCopy(doc);
  for (const param of commitParts(commit, path).params.entries.values()) {
    if (param instanceof PyDict && param.get('py/object') === from) param.set('py/object', to);
  }
  return commit;
}

// ---------------------------------------------------------------------------------------------
// The three revisions

/** 06140c96c8c4: migrate_param_store_0_1_to_0_2, then set_version("0.2"). Returns Entropy's warnings. */
export function upgrade_0_1_to_0_2(files: ProjectFiles, revision: string, readBack?: ParamsReadBack): string[] {
  const path = PARAMS_PATH;
  if (!files.exists(path)) return [noFile(path, '0.2')];
  const plain = readPlain(files, path);
  const version = knownVersion(plain, path);
  if (version !== '0.1') return [cannotMigrate(path, version, '0.2')];
  const pickled = readPickled(files, path).tables; // for commits of Entropy <= 0.12, whose Params are jsonpickled
  const out = new PickledDb(path);
  const pickledDocs = allDocs(pickled, DEFAULT_TABLE, path);
  allDocs(plain, DEFAULT_TABLE, path).forEach(([id, doc], i) => {
    out.insert(DEFAULT_TABLE, id, wrapCommit(isV012Commit(doc) ? pickledDocs[i]![1] : doc, path));
  });
  const temp = getDoc(plain, TEMP_TABLE, TEMP_DOC_ID);
  if (isTruthyDoc(temp)) {
    out.insert(TEMP_TABLE, TEMP_DOC_ID, wrapCommit(isV012Commit(temp) ? getDoc(pickled, TEMP_TABLE, TEMP_DOC_ID)! : temp, path));
  }
  commit(files, path, revision, setVersion({ text: out.text(), tree: out.tree() }, path, '0.2', revision), plain, readBack);
  return [];
}

const IN_PROCESS_PARAM = 'entropylab.api.in_process_param_store.Param';
const API_PARAM = 'entropylab.pipeline.api.param_store.Param';

/** 09f3b5a1689c: fix_param_qualified_name (plain JSON), then set_version("0.2"). */
export function fixQualifiedName(files: ProjectFiles, revision: string, readBack?: ParamsReadBack): string[] {
  const path = PARAMS_PATH;
  let written: Written = { text: null, tree: null };
  let old: PyDict | null = null;
  if (files.exists(path)) {
    old = readPlain(files, path);
    knownVersion(old, path);
    const out = new PyDict();
    for (const [id, doc] of allDocs(old, DEFAULT_TABLE, path)) {
      insertDoc(out, DEFAULT_TABLE, id, renameParamClass(doc, IN_PROCESS_PARAM, API_PARAM, path), path);
    }
    const temp = getDoc(old, TEMP_TABLE, TEMP_DOC_ID);
    if (isTruthyDoc(temp)) insertDoc(out, TEMP_TABLE, TEMP_DOC_ID, renameParamClass(temp, IN_PROCESS_PARAM, API_PARAM, path), path);
    const info = getDoc(old, INFO_TABLE, INFO_DOC_ID);
    if (isTruthyDoc(info)) insertDoc(out, INFO_TABLE, INFO_DOC_ID, deepCopy(info), path);
    written = out.isEmpty ? written : { text: dumpsPython(out), tree: out }; // tinydb's JSONStorage
  }
  // set_version creates params.json when there was none, as Entropy does
  commit(files, path, files.exists(path) ? revision : null, setVersion(written, path, '0.2', revision), old, readBack);
  return [];
}

/** 997e336572b8: migrate_param_store_0_2_to_0_3, then set_version("0.3") (which keeps "0.2"). */
export function upgrade_0_2_to_0_3(files: ProjectFiles, revision: string, readBack?: ParamsReadBack): string[] {
  const path = PARAMS_PATH;
  if (!files.exists(path)) return [noFile(path, '0.3')];
  const plain = readPlain(files, path);
  const version = knownVersion(plain, path);
  if (version !== '0.2') return [cannotMigrate(path, version, '0.3')];
  const { tables: old, legacy } = readPickled(files, path);
  const out = new PickledDb(path, !legacy);
  for (const [id, doc] of allDocs(old, DEFAULT_TABLE, path)) out.insert(DEFAULT_TABLE, id, convertCommit(doc, path));
  const temp = getDoc(old, TEMP_TABLE, TEMP_DOC_ID);
  if (isTruthyDoc(temp)) out.insert(TEMP_TABLE, TEMP_DOC_ID, convertCommit(temp, path));
  const info = getDoc(old, INFO_TABLE, INFO_DOC_ID);
  if (isTruthyDoc(info)) out.insert(INFO_TABLE, INFO_DOC_ID, deepCopy(info));
  commit(files, path, revision, setVersion({ text: out.text(), tree: out.tree() }, path, '0.3', revision), plain, readBack);
  return [];
}

/**
 * The downgrade all three revisions mean (Entropy's own calls str.replace on a Path and crash):
 * params.json becomes params.json.<revision>.downgraded and the step's backup becomes params.json.
 * With no backup (the step found no params.json), params.json is only set aside, which is the
 * state before the step.
 */
export function restoreParamStoreBackup(files: ProjectFiles, revision: string): string[] {
  const path = PARAMS_PATH;
  const notes: string[] = [];
  if (files.exists(path)) files.move(path, downgradedPath(revision));
  if (files.exists(backupPath(revision))) files.move(backupPath(revision), path);
  else notes.push(`There is no ${backupPath(revision)} to restore (there was no params.json before revision ${revision}).`);
  return notes;
}

export const downgrade_0_2_to_0_1 = restoreParamStoreBackup;
export const unfixQualifiedName = restoreParamStoreBackup;
export const downgrade_0_3_to_0_2 = restoreParamStoreBackup;

/**
 * What params.json holds, for the plan's words: its ParamStore version and how many commits
 * (documents of the default table); null when there is no file or it cannot be read (the run
 * itself then says why, in one sentence).
 */
export function paramStoreFacts(files: Pick<ProjectFiles, 'read'>): { version: string; commits: number } | null {
  try {
    if (files.read(PARAMS_PATH) === null) return null;
    const tables = readPlain(files, PARAMS_PATH);
    const version = versionOf(tables, PARAMS_PATH);
    return { version: typeof version === 'string' ? version : '0.1', commits: allDocs(tables, DEFAULT_TABLE, PARAMS_PATH).length };
  } catch {
    return null;
  }
}
