/**
 * Deterministic `.entropy/params.json` files as Entropy's releases wrote them, from a seed:
 * - 'v0.1': tinydb's plain JSON, bare values, metadata {ns, id, label} (Entropy <= 0.6; no info table);
 * - 'v0.2': jsonpickle, Params of entropylab.pipeline.params.param_store.Param, metadata
 *   {id, label, timestamp}, expirations int seconds or None, info {"version": "0.2"};
 * - 'v0.12': Entropy 0.12.0's InProcessParamStore: Params of entropylab.pipeline.api.param_store.Param
 *   with {value, commit_id, expiration} (absolute nanoseconds as a float), no info table.
 * Values cover many Python types (big ints, Python float spellings, unicode, nested containers,
 * numpy arrays, tuples, and objects shared between two params, which jsonpickle writes as py/id).
 */
import { dumpsPython } from '../param-store/json-dumps.ts';
import { dict, float, int, PyDict, PyList, PyParam, PySeq, PyTagged, type PyValue } from '../param-store/python-json.ts';
import { encodeJsonpickle, OLD_PARAM_CLASSES, PARAM_CLASS } from '../param-store/jsonpickle.ts';
import { Random } from './random.ts';

export type ParamsJsonStyle = 'v0.1' | 'v0.2' | 'v0.12';

export interface ParamsJsonOptions {
  readonly seed: number;
  readonly style: ParamsJsonStyle;
  /** Number of commits (default 3). */
  readonly commits?: number;
  /** Whether a saved temp commit is there (default true). */
  readonly temp?: boolean;
}

const KEYS = ['qubit1.freq', 'qubit1.amp', 'qubit2.flux', 'κ.ω', 'emoji😀', 'tab\tkey', 'quote"key', 'back\\slash', 'ünïcode/ключ', 'a'];
const LABELS = ['warm-up', 'cooldown ❄', null, 'übung', ''];
const FLOATS = [8.0, -5.0, 1e-5, 0.0001, 1e16, 1e15, 3.2e-5, 1.654088401e18, 5e-324, -0.0, 0.1, 123456.789, NaN, Infinity];

/** A value as a Python object tree; `jsonpickled` adds types only jsonpickle can write. */
function value(random: Random, jsonpickled: boolean, depth = 0): PyValue {
  const kinds = ['int', 'bigint', 'float', 'str', 'bool', 'none', 'list', 'dict', ...(jsonpickled ? ['ndarray', 'tuple'] : [])];
  switch (depth > 1 ? random.pick(['int', 'float', 'str']) : random.pick(kinds)) {
    case 'int':
      return int(random.int(-1000, 1000));
    case 'bigint':
      return int(BigInt(random.int(1, 9)) * 10n ** 20n + BigInt(random.int(0, 99999)));
    case 'float':
      return float(random.pick(FLOATS));
    case 'str':
      return random.pick(['manifold', 'chassis', 'ŝtring ✓', 'line\nbreak', '', 'ctl\u0001\u007f', '😀 astral', 'py/object']);
    case 'bool':
      return random.next() < 0.5;
    case 'none':
      return null;
    case 'list':
      return new PyList(Array.from({ length: random.int(0, 3) }, () => value(random, jsonpickled, depth + 1)));
    case 'dict':
      return dict(Array.from({ length: random.int(0, 3) }, (_, i) => [`${random.pick(KEYS)}${i}`, value(random, jsonpickled, depth + 1)] as [string, PyValue]));
    case 'ndarray':
      return new PyTagged(
        dict({ 'py/object': 'numpy.ndarray', dtype: 'float64', values: new PyList(Array.from({ length: random.int(1, 4) }, () => float(random.int(0, 99) / 10))) }),
        true,
      );
    default:
      return new PySeq('py/tuple', [int(random.int(0, 9)), 'x']);
  }
}

function hex(random: Random, length: number): string {
  return Array.from(random.bytes(length / 2), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function buildParamsJsonText(options: ParamsJsonOptions): string {
  const { seed, style } = options;
  const random = new Random(seed);
  const jsonpickled = style !== 'v0.1';
  const base = 1652959865653245900n + BigInt(seed) * 1_000_000_007n;
  const commit = (index: number, isTemp: boolean): PyDict => {
    const ns = base + BigInt(index) * 3_000_123_456n + (index % 2 === 0 ? 0n : 1_000n * BigInt(random.int(1, 999)));
    const id = isTemp && style === 'v0.12' ? null : hex(random, 40);
    const label = isTemp ? null : random.pick(LABELS);
    const keys = KEYS.filter(() => random.next() < 0.6);
    if (keys.length === 0) keys.push(KEYS[0]!);
    const shared = new PyList([int(index), 'shared']); // one list object under two keys: py/id in jsonpickle
    const params = new PyDict();
    keys.forEach((key, i) => {
      const v = jsonpickled && i < 2 && keys.length > 2 ? shared : value(random, jsonpickled);
      if (style === 'v0.1') params.set(key, v);
      else if (style === 'v0.2') {
        const expiration = random.next() < 0.4 ? int(random.int(1, 86_400)) : null;
        params.set(key, new PyParam(PARAM_CLASS, dict({ value: v, commit_id: id, expiration, description: null, node_id: null })));
      } else {
        const expiration = random.next() < 0.4 ? float(Number(ns) + 3600e9) : null;
        params.set(key, new PyParam(OLD_PARAM_CLASSES[0]!, dict({ value: v, commit_id: id, expiration })));
      }
    });
    const tags = dict(random.next() < 0.5 ? [['calibrated', new PyList(keys.slice(0, 2))]] : []);
    const metadata =
      style === 'v0.1'
        ? dict({ ns: int(ns), id, label })
        : style === 'v0.2'
          ? dict({ id, label, timestamp: int(ns) })
          : dict({ id, timestamp: int(ns), label });
    return dict({ metadata, params, tags });
  };
  const tables = new PyDict();
  const commits = options.commits ?? 3;
  if (commits > 0) tables.set('_default', dict(Array.from({ length: commits }, (_, i) => [String(i + 1), commit(i, false)] as [string, PyValue])));
  if (options.temp ?? true) tables.set('temp', dict({ '1': commit(commits, true) }));
  if (style === 'v0.2') tables.set('info', dict({ '1': dict({ version: '0.2', revision: '' }) }));
  return dumpsPython(jsonpickled ? encodeJsonpickle(tables) : tables);
}

export function buildParamsJson(options: ParamsJsonOptions): Uint8Array {
  return new TextEncoder().encode(buildParamsJsonText(options));
}
