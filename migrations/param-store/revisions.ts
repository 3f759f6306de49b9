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
import { convertCommit, isV012Commit, renameParamClass, wrapCommit } from './commits.ts';
import { ParamStoreFileError } from './errors.ts';
import { readBackParams } from './read-back.ts';
import { deepCopy } from './jsonpickle.ts';
import { fileBytes, PickledDb, pickledView, readPlain, setVersion } from './pickled-db.ts';
import { PyDict } from './python-json.ts';
import {
  allDocs, DEFAULT_TABLE, getDoc, INFO_DOC_ID, INFO_TABLE, insertDoc, isTruthyDoc, TEMP_DOC_ID, TEMP_TABLE, versionOf,
} from './tinydb.ts';

/** Where Entropy keeps the ParamStore (AlembicUtil.get_param_store_file_path), from the project folder. */
export const PARAMS_PATH = '.entropy/params.json';

export const backupPath = (revision: string): string => `${PARAMS_PATH}.${revision}.bak`;
export const downgradedPath = (revision: string): string => `${PARAMS_PATH}.${revision}.downgraded`;

/** Where a step reports the commits of params.json it read back equal (for the run's checks). */
export type ParamsReadBack = (count: { written: number; equal: number }) => void;

/**
 * A step's only writes, after everything was computed and checked: the backup, then the new
 * file, read back at once (read-back.ts) against the tree meant and against `before`, the file
 * the step converted as json.loads read it.
 */
function commit(files: ProjectFiles, path: string, revision: string | null, flat: PyDict | null, before: PyDict | null, readBack?: ParamsReadBack): void {
  const bytes = fileBytes(flat);
  if (revision !== null) files.move(path, backupPath(revision));
  if (bytes === null) return;
  files.write(path, bytes);
  const count = readBackParams(files.read(path), flat!, before, path); // with or without a listener
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

/** 06140c96c8c4: migrate_param_store_0_1_to_0_2, then set_version("0.2"). Returns Entropy's warnings. */
export function upgrade_0_1_to_0_2(files: ProjectFiles, revision: string, readBack?: ParamsReadBack): string[] {
  const path = PARAMS_PATH;
  const plain = readPlain(files.read(path), path);
  if (plain === null) return [noFile(path, '0.2')];
  const version = knownVersion(plain, path);
  if (version !== '0.1') return [cannotMigrate(path, version, '0.2')];
  // commits of Entropy <= 0.12 hold jsonpickled Params: those are read through jsonpickle
  let pickled: PyDict | null = null;
  const asPickled = () => (pickled ??= pickledView(plain, path).tables);
  const out = new PickledDb(path);
  allDocs(plain, DEFAULT_TABLE, path).forEach(([id, doc], i) => {
    out.insert(DEFAULT_TABLE, id, wrapCommit(isV012Commit(doc) ? allDocs(asPickled(), DEFAULT_TABLE, path)[i]![1] : doc, path));
  });
  const temp = getDoc(plain, TEMP_TABLE, TEMP_DOC_ID);
  if (isTruthyDoc(temp)) {
    out.insert(TEMP_TABLE, TEMP_DOC_ID, wrapCommit(isV012Commit(temp) ? getDoc(asPickled(), TEMP_TABLE, TEMP_DOC_ID)! : temp, path));
  }
  commit(files, path, revision, setVersion(out, path, '0.2', revision), plain, readBack);
  return [];
}

const IN_PROCESS_PARAM = 'entropylab.api.in_process_param_store.Param';
const API_PARAM = 'entropylab.pipeline.api.param_store.Param';

/** 09f3b5a1689c: fix_param_qualified_name (plain JSON), then set_version("0.2"). */
export function fixQualifiedName(files: ProjectFiles, revision: string, readBack?: ParamsReadBack): string[] {
  const path = PARAMS_PATH;
  const old = readPlain(files.read(path), path);
  let written: PyDict | null = null;
  if (old !== null) {
    knownVersion(old, path);
    const out = new PyDict();
    for (const [id, doc] of allDocs(old, DEFAULT_TABLE, path)) {
      insertDoc(out, DEFAULT_TABLE, id, renameParamClass(doc, IN_PROCESS_PARAM, API_PARAM, path), path);
    }
    const temp = getDoc(old, TEMP_TABLE, TEMP_DOC_ID);
    if (isTruthyDoc(temp)) insertDoc(out, TEMP_TABLE, TEMP_DOC_ID, renameParamClass(temp, IN_PROCESS_PARAM, API_PARAM, path), path);
    const info = getDoc(old, INFO_TABLE, INFO_DOC_ID);
    if (isTruthyDoc(info)) insertDoc(out, INFO_TABLE, INFO_DOC_ID, deepCopy(info), path);
    written = out.isEmpty ? null : out; // tinydb's JSONStorage: the plain tree is the file
  }
  // set_version creates params.json when there was none, as Entropy does
  commit(files, path, old !== null ? revision : null, setVersion(written, path, '0.2', revision), old, readBack);
  return [];
}

/** 997e336572b8: migrate_param_store_0_2_to_0_3, then set_version("0.3") (which keeps "0.2"). */
export function upgrade_0_2_to_0_3(files: ProjectFiles, revision: string, readBack?: ParamsReadBack): string[] {
  const path = PARAMS_PATH;
  const plain = readPlain(files.read(path), path);
  if (plain === null) return [noFile(path, '0.3')];
  const version = knownVersion(plain, path);
  if (version !== '0.2') return [cannotMigrate(path, version, '0.3')];
  const { tables: old, legacy } = pickledView(plain, path);
  const out = new PickledDb(path, !legacy);
  for (const [id, doc] of allDocs(old, DEFAULT_TABLE, path)) out.insert(DEFAULT_TABLE, id, convertCommit(doc, path));
  const temp = getDoc(old, TEMP_TABLE, TEMP_DOC_ID);
  if (isTruthyDoc(temp)) out.insert(TEMP_TABLE, TEMP_DOC_ID, convertCommit(temp, path));
  const info = getDoc(old, INFO_TABLE, INFO_DOC_ID);
  if (isTruthyDoc(info)) out.insert(INFO_TABLE, INFO_DOC_ID, deepCopy(info));
  commit(files, path, revision, setVersion(out, path, '0.3', revision), plain, readBack);
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
    const tables = readPlain(files.read(PARAMS_PATH), PARAMS_PATH);
    if (tables === null) return null;
    const version = versionOf(tables, PARAMS_PATH);
    return { version: typeof version === 'string' ? version : '0.1', commits: allDocs(tables, DEFAULT_TABLE, PARAMS_PATH).length };
  } catch {
    return null;
  }
}
