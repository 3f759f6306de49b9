/**
 * jsonpickle 3.0.0's decode/encode as Entropy's JSONPickleStorage applies them to a whole
 * params.json, for the objects a ParamStore holds. What makes bytes differ if done naively:
 * - objects (dicts, lists, class instances) seen twice in one encode become {"py/id": n}, n
 *   counting in document order from 0 (the root); tuples, sets, bytes and type references are not
 *   counted. A migration that adds Timestamps therefore renumbers every later reference.
 * - a plain dict loses its jsonpickle-reserved keys ("py/object", "py/id", ...) when encoded.
 * - Param's __dict__ is written inline (not counted when written, counted when read back: jsonpickle's
 *   own asymmetry, which Entropy lives with); pandas' Timestamp as its isoformat.
 */
import { ParamStoreFileError } from './errors.ts';
import { PyDict, PyList, PyParam, PySeq, PyTagged, PyTimestamp, type PyValue } from './python-json.ts';

export const PARAM_CLASS = 'entropylab.pipeline.params.param_store.Param';
/** Param's earlier homes (Entropy <= 0.12); no longer importable in 0.15.9. */
export const OLD_PARAM_CLASSES = ['entropylab.pipeline.api.param_store.Param', 'entropylab.api.in_process_param_store.Param'];
export const TIMESTAMP_CLASS = 'pandas._libs.tslibs.timestamps.Timestamp';
const NAT_UNPICKLE = 'pandas._libs.tslibs.nattype.__nat_unpickle';

/**
 * pandas' NaT (what pd.Timestamp makes of NaN, None or -2^63): one object, as in pandas, so
 * jsonpickle writes its second appearance in a file as a py/id. jsonpickle writes it through
 * its __reduce__: {"py/reduce": [{"py/function": "...__nat_unpickle"}, {"py/tuple": [null]}]}.
 */
export const NAT = new PyTagged(
  new PyDict(new Map<string, PyValue>([['py/reduce', new PySeq(null, [new PyTagged(new PyDict(new Map([['py/function', NAT_UNPICKLE]])), false), new PySeq('py/tuple', [null])])]])),
  true,
);

/** Whether a tagged dict, as read, is NaT's reduce (its unpickling gives back the one NaT). */
function isNat(d: PyDict): boolean {
  const reduce = d.get('py/reduce');
  if (d.entries.size !== 1 || !(reduce instanceof PyList) || reduce.items.length !== 2) return false;
  const [f, args] = reduce.items;
  const tuple = args instanceof PyDict ? args.get('py/tuple') : undefined;
  return f instanceof PyDict && f.entries.size === 1 && f.get('py/function') === NAT_UNPICKLE && tuple instanceof PyList && tuple.items.length === 1 && tuple.items[0] === null;
}

/** jsonpickle.tags.RESERVED */
export const RESERVED = new Set([
  'py/type', 'py/function', 'py/property', 'py/newargsex', 'py/object', 'py/tuple', 'py/reduce', 'py/bytes',
  'py/seq', 'py/ref', 'py/set', 'py/state', 'py/iterator', 'py/newobj', 'py/initargs', 'py/newargs', 'py/id', 'py/repr',
]);
/** Tags whose objects jsonpickle does not count for py/id. */
const UNCOUNTED = new Set(['py/bytes', 'py/b64', 'py/b85', 'py/type', 'py/function', 'py/repr']);

/**
 * items.map(f), calling f only for containers: lists of millions of numbers (a trace kept in a
 * param) are copied in one loop instead of a call per number.
 */
function mapItems(items: readonly PyValue[], f: (v: PyValue) => PyValue): PyValue[] {
  const out = new Array<PyValue>(items.length);
  for (let i = 0; i < items.length; i++) {
    const v = items[i]!;
    out[i] = typeof v === 'object' && v !== null ? f(v) : v;
  }
  return out;
}

/** items.some(f), calling f only for containers (a number or a string never answers yes). */
function someItem(items: readonly PyValue[], f: (v: PyValue) => boolean): boolean {
  for (let i = 0; i < items.length; i++) {
    const v = items[i]!;
    if (typeof v === 'object' && v !== null && f(v)) return true;
  }
  return false;
}

function isTagged(d: PyDict): boolean {
  for (const k of d.entries.keys()) if (RESERVED.has(k) || k === 'py/b64' || k === 'py/b85') return true;
  return false;
}

/**
 * jsonpickle.decode of a parsed file: references resolved to shared nodes, known objects restored.
 * `readBack` false resolves py/id as the writer meant it (for files Entropy 0.15.9 cannot migrate).
 */
export function decodeJsonpickle(flat: PyValue, path: string, readBack = true): PyValue {
  const objects: PyValue[] = [];
  const restore = (v: PyValue): PyValue => {
    if (v instanceof PyList) {
      const out = new PyList();
      objects.push(out);
      out.items = mapItems(v.items, restore);
      return out;
    }
    if (!(v instanceof PyDict)) return v;
    if (!isTagged(v)) {
      const out = new PyDict();
      objects.push(out);
      for (const [k, item] of v.entries) out.entries.set(k, restore(item));
      return out;
    }
    const id = v.get('py/id');
    if (id !== undefined) {
      const target = typeof id === 'bigint' ? objects[Number(id)] : undefined;
      if (target === undefined) {
        throw new ParamStoreFileError('PARAMS_NOT_TINYDB', `${path} refers to an object that is not there (py/id ${String(id)}).`, { path });
      }
      return target;
    }
    for (const tag of ['py/tuple', 'py/set'] as const) {
      const items = v.get(tag);
      if (v.entries.size === 1 && items instanceof PyList) return new PySeq(tag, mapItems(items.items, restore));
    }
    const cls = v.get('py/object');
    const state = v.get('__dict__');
    if ((cls === PARAM_CLASS || OLD_PARAM_CLASSES.includes(cls as string)) && state instanceof PyDict && v.entries.size === 2) {
      const param = new PyParam(cls as string, new PyDict());
      // The unpickler counts the __dict__ it restores (the pickler does not): a py/id after a Param
      // means, read back, one object earlier than it meant when written. Entropy reads it so.
      objects.push(param);
      if (readBack) objects.push(param.state);
      for (const [k, item] of state.entries) param.state.entries.set(k, restore(item));
      return param;
    }
    const meta = v.get('meta');
    const iso = meta instanceof PyDict ? meta.get('isoformat') : undefined;
    if (cls === TIMESTAMP_CLASS && typeof iso === 'string') {
      const ts = new PyTimestamp(iso);
      objects.push(ts);
      return ts;
    }
    if (isNat(v)) {
      objects.push(NAT);
      return NAT;
    }
    // Any other object: kept as its tagged dict; lists right under a tag are argument lists, not objects.
    const counted = ![...v.entries.keys()].some((k) => UNCOUNTED.has(k));
    const out = new PyTagged(new PyDict(), counted);
    if (counted) objects.push(out);
    for (const [k, item] of v.entries) {
      out.dict.entries.set(k, k.startsWith('py/') && item instanceof PyList ? new PySeq(null, mapItems(item.items, restore)) : restore(item));
    }
    return out;
  };
  return restore(flat);
}

/** The tree jsonpickle.encode hands to json.dumps. */
export function encodeJsonpickle(value: PyValue): PyValue {
  return encodeCountingRefs(value).tree;
}

/** encodeJsonpickle, and how many py/id references it wrote (none: decoding gives the same tree back). */
export function encodeCountingRefs(value: PyValue): { tree: PyValue; refs: number } {
  let refs = 0;
  const ids = new Map<object, number>();
  const ref = (node: object): PyDict | null => {
    const known = ids.get(node);
    if (known !== undefined) {
      refs++;
      return new PyDict(new Map([['py/id', BigInt(known)]]));
    }
    ids.set(node, ids.size);
    return null;
  };
  const plainDict = (d: PyDict): PyDict => {
    const out = new PyDict();
    for (const [k, item] of d.entries) if (!RESERVED.has(k)) out.entries.set(k, flatten(item));
    return out;
  };
  const flatten = (v: PyValue): PyValue => {
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof PySeq) {
      const items = new PyList(mapItems(v.items, flatten));
      return v.tag === null ? items : new PyDict(new Map([[v.tag, items]]));
    }
    if (v instanceof PyTagged && !v.counted) return taggedDict(v);
    const seen = ref(v);
    if (seen) return seen;
    if (v instanceof PyList) return new PyList(mapItems(v.items, flatten));
    if (v instanceof PyDict) return plainDict(v);
    if (v instanceof PyParam) {
      return new PyDict(
        new Map<string, PyValue>([
          ['py/object', v.cls],
          ['__dict__', plainDict(v.state)],
        ]),
      );
    }
    if (v instanceof PyTimestamp) return timestampDict(v.isoformat);
    return taggedDict(v);
  };
  const taggedDict = (v: PyTagged): PyDict => {
    const out = new PyDict();
    for (const [k, item] of v.dict.entries) out.entries.set(k, flatten(item));
    return out;
  };
  const tree = flatten(value);
  return { tree, refs };
}

/**
 * Whether encodeJsonpickle would write a py/id for `value`, given the objects `seen` in what was
 * encoded before it (which it extends): the encoder's own walk, counting the same objects,
 * building nothing.
 */
export function sharesObjects(value: PyValue, seen: Set<object>): boolean {
  const walk = (v: PyValue): boolean => {
    if (v === null || typeof v !== 'object') return false;
    if (v instanceof PySeq) return someItem(v.items, walk);
    if (v instanceof PyTagged && !v.counted) return [...v.dict.entries.values()].some(walk);
    if (seen.has(v)) return true;
    seen.add(v);
    if (v instanceof PyList) return someItem(v.items, walk);
    if (v instanceof PyDict) return [...v.entries].some(([k, item]) => !RESERVED.has(k) && walk(item));
    if (v instanceof PyParam) return [...v.state.entries].some(([k, item]) => !RESERVED.has(k) && walk(item));
    if (v instanceof PyTimestamp) return false;
    return [...v.dict.entries.values()].some(walk);
  };
  return walk(value);
}

export function timestampDict(isoformat: string): PyDict {
  return new PyDict(
    new Map<string, PyValue>([
      ['py/object', TIMESTAMP_CLASS],
      ['values', ''],
      ['txt', true],
      ['meta', new PyDict(new Map([['isoformat', isoformat]]))],
    ]),
  );
}

/** copy.deepcopy: shared nodes stay shared inside the copy, nothing is shared with the original. */
export function deepCopy<T extends PyValue>(value: T): T {
  const memo = new Map<object, PyValue>();
  const copy = (v: PyValue): PyValue => {
    if (v === null || typeof v !== 'object' || v instanceof PyTimestamp || v === NAT) return v;
    const done = memo.get(v);
    if (done !== undefined) return done;
    if (v instanceof PyList) {
      const out = new PyList();
      memo.set(v, out);
      out.items = mapItems(v.items, copy);
      return out;
    }
    if (v instanceof PyDict) {
      const out = new PyDict();
      memo.set(v, out);
      for (const [k, item] of v.entries) out.entries.set(k, copy(item));
      return out;
    }
    if (v instanceof PyParam) {
      const out = new PyParam(v.cls, new PyDict());
      memo.set(v, out);
      for (const [k, item] of v.state.entries) out.state.entries.set(k, copy(item));
      return out;
    }
    if (v instanceof PySeq) {
      const out = new PySeq(v.tag, []);
      memo.set(v, out);
      out.items = mapItems(v.items, copy);
      return out;
    }
    const out = new PyTagged(new PyDict(), v.counted);
    memo.set(v, out);
    for (const [k, item] of v.dict.entries) out.dict.entries.set(k, copy(item));
    return out;
  };
  return copy(value) as T;
}

/** Whether a parsed file holds Params of Entropy <= 0.12's classes (which Entropy 0.15.9 cannot migrate). */
export function hasOldParams(flat: PyValue): boolean {
  if (flat instanceof PyList) return someItem(flat.items, hasOldParams);
  if (!(flat instanceof PyDict)) return false;
  if (OLD_PARAM_CLASSES.includes(flat.get('py/object') as string)) return true;
  return [...flat.entries.values()].some(hasOldParams);
}

/**
 * A copy in which nothing is shared, so that no py/id is written: Entropy 0.15.9 reads a py/id
 * after a Param as another object (see above), a copy it reads as written.
 */
export function unshare<T extends PyValue>(value: T, path: string): T {
  const ancestors = new Set<object>();
  const copy = (v: PyValue): PyValue => {
    if (v === null || typeof v !== 'object' || v instanceof PyTimestamp) return v;
    if (ancestors.has(v)) {
      throw new ParamStoreFileError('PARAMS_UNSUPPORTED_VALUE', `${path} holds a value that contains itself, which Entropy 0.15.9 cannot read back.`, { path });
    }
    ancestors.add(v);
    try {
      if (v instanceof PyList) return new PyList(mapItems(v.items, copy));
      if (v instanceof PyDict) return new PyDict(new Map([...v.entries].map(([k, item]) => [k, copy(item)])));
      if (v instanceof PyParam) return new PyParam(v.cls, copy(v.state) as PyDict);
      if (v instanceof PySeq) return new PySeq(v.tag, mapItems(v.items, copy));
      return new PyTagged(copy(v.dict) as PyDict, v.counted);
    } finally {
      ancestors.delete(v);
    }
  };
  return copy(value) as T;
}
