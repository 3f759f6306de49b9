/**
 * The commits of params.json, as Entropy 0.15.9's ParamStore migrations change them: each
 * function works on a copy of one document of the default table (or the temp table), and
 * completes what Entropy crashes on (marked "Entropy crashes here"). The files and versions
 * around them are revisions.ts's.
 */
import { ParamStoreFileError } from './errors.ts';
import { deepCopy, NAT, OLD_PARAM_CLASSES, PARAM_CLASS } from './jsonpickle.ts';
import { dict, PyDict, PyParam, PyTimestamp, type PyValue } from './python-json.ts';
import { addNanos, isoformatOfNs } from './timestamp.ts';
import { notTinydb } from './tinydb.ts';

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
export function wrapCommit(doc: PyValue, path: string): PyValue {
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
export function isV012Commit(doc: PyValue): boolean {
  const metadata = doc instanceof PyDict ? doc.get('metadata') : undefined;
  return metadata instanceof PyDict && !metadata.has('ns') && metadata.has('timestamp');
}

/** pd.Timestamp(value) of a commit's time: NaN, None and -2^63 are NaT, as pandas has them. */
function timestampOf(value: PyValue | undefined, path: string): string | typeof NAT {
  if (value === null || value === NAT || (typeof value === 'number' && Number.isNaN(value))) return NAT;
  if (typeof value === 'bigint') return pdTimestamp(value, path);
  if (typeof value === 'number' && Number.isFinite(value)) return pdTimestamp(BigInt(Math.round(value)), path);
  if (value instanceof PyTimestamp) return value.isoformat; // pd.Timestamp(ts) is ts
  throw new ParamStoreFileError('PARAMS_UNSUPPORTED_VALUE', `${path} has a commit whose time is not a number of nanoseconds.`, { path });
}

/** pd.Timestamp(ns): NaT for pandas' own NaT value. */
const pdTimestamp = (ns: bigint, path: string): string | typeof NAT => (ns === -(2n ** 63n) ? NAT : isoformatOfNs(ns, path));

/** timestamp + pd.Timedelta(nanoseconds): NaT stays NaT (once the Timedelta itself is one pandas can make). */
function plus(timestamp: string | typeof NAT, nanos: bigint, path: string): PyTimestamp | typeof NAT {
  if (typeof timestamp === 'string') return new PyTimestamp(addNanos(timestamp, nanos, path));
  addNanos('1970-01-01T00:00:00', nanos, path); // the same refusal of a Timedelta beyond pandas' range
  return NAT;
}

const asValue = (t: string | typeof NAT): PyValue => (typeof t === 'string' ? new PyTimestamp(t) : NAT);

/** Relative expirations are seconds; Entropy <= 0.12 stored absolute nanoseconds (far beyond any Timedelta). */
const ABSOLUTE_NS = 1e12;

/** _convert_timestamp_to_pd_timestamp + _convert_expiration_to_pd_timestamp (0.2 -> 0.3) on a copy. */
export function convertCommit(doc: PyValue, path: string): PyValue {
  const commit = isV012Commit(doc) || !(doc instanceof PyDict) || !(doc.get('metadata') instanceof PyDict && (doc.get('metadata') as PyDict).has('ns'))
    ? deepCopy(doc)
    : wrapCommit(doc, path); // a 0.1 commit in a file marked 0.2: Entropy crashes here
  const { metadata, params } = commitParts(commit, path);
  const timestamp = timestampOf(metadata.get('timestamp'), path);
  metadata.set('timestamp', asValue(timestamp));
  for (const [key, value] of params.entries) {
    let param: PyParam;
    if (value instanceof PyParam) param = value;
    else params.set(key, (param = newParam(value))); // a bare value: Entropy crashes here
    const old = OLD_PARAM_CLASSES.includes(param.cls);
    if (old) param.cls = PARAM_CLASS; // what 997e336572b8 meant to do (its new name is a tuple, and Params are not dicts)
    completeParam(param);
    const expiration = param.state.get('expiration');
    if (typeof expiration === 'bigint' && !(old && Number(expiration) > ABSOLUTE_NS)) {
      param.state.set('expiration', plus(timestamp, expiration * 1_000_000_000n, path));
    } else if (old && (typeof expiration === 'bigint' || (typeof expiration === 'number' && Number.isFinite(expiration)))) {
      const n = typeof expiration === 'bigint' ? expiration : BigInt(Math.round(expiration));
      param.state.set('expiration', Number(n) > ABSOLUTE_NS ? asValue(pdTimestamp(n, path)) : plus(timestamp, secondsToNanos(expiration), path));
    }
  }
  return commit;
}

/** Seconds as pandas' Timedelta nanoseconds, exactly for an int; a float too large for any is out of pandas' range (addNanos says so). */
function secondsToNanos(seconds: bigint | number): bigint {
  if (typeof seconds === 'bigint') return seconds * 1_000_000_000n;
  const ns = seconds * 1e9;
  return Number.isFinite(ns) ? BigInt(Math.round(ns)) : (ns < 0 ? -1n : 1n) << 64n;
}

export function renameParamClass(doc: PyValue, from: string, to: string, path: string): PyValue {
  const commit = deepCopy(doc);
  for (const param of commitParts(commit, path).params.entries.values()) {
    if (param instanceof PyDict && param.get('py/object') === from) param.set('py/object', to);
  }
  return commit;
}
