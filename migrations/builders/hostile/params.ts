/**
 * params.json files that attack the ParamStore reader: nesting 100,000 deep, 200 MB of
 * values, numbers the reader must keep exact. Each is text a Python `json.load` reads (or
 * refuses, as named); tinydb's layout is that of migrations/builders/params-json.ts' v0.1 and v0.2.
 */
import { buildParamsJsonText } from '../params-json.ts';
import { PARAM_CLASS } from '../../param-store/jsonpickle.ts';

const encoder = new TextEncoder();

/** A v0.1 (plain) or v0.2 (Params) file with one commit whose param "deep" holds lists nested `depth` deep. */
export function deepParamsJson(depth: number, style: 'v0.1' | 'v0.2' = 'v0.1'): Uint8Array {
  const value = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
  return encoder.encode(oneCommit(value, style));
}

function oneCommit(value: string, style: 'v0.1' | 'v0.2'): string {
  const param = style === 'v0.1' ? value : `{"py/object": "${PARAM_CLASS}", "__dict__": {"value": ${value}, "commit_id": "c0ffee", "expiration": null, "description": null, "node_id": null}}`;
  const metadata = style === 'v0.1' ? '{"ns": 1652959866653245907, "id": "c0ffee", "label": null}' : '{"id": "c0ffee", "label": null, "timestamp": 1652959866653245907}';
  const info = style === 'v0.2' ? ', "info": {"1": {"version": "0.2", "revision": ""}}' : '';
  return `{"_default": {"1": {"metadata": ${metadata}, "params": {"deep": ${param}}, "tags": {}}}${info}}`;
}

/**
 * A v0.1 file of about `megabytes` MB: `commits` commits of the builder's kind, each with a
 * param holding a long list of floats (Python's spellings) and a long string, as a lab that
 * stored whole traces in its ParamStore has.
 */
export function bigParamsJson(megabytes: number, commits = 4): Uint8Array {
  const small = buildParamsJsonText({ seed: 7, style: 'v0.1', commits, temp: false });
  const perCommit = Math.ceil((megabytes * 1024 * 1024) / commits);
  const floats = ['0.1', '1e-05', '123456.789', '-5.0', '1.654088401e+18', '3.2e-05'];
  const trace: string[] = [];
  let size = 0;
  for (let i = 0; size < perCommit * 0.8; i++) {
    const f = floats[i % floats.length]!;
    trace.push(f);
    size += f.length + 2;
  }
  const list = `[${trace.join(', ')}]`;
  const text = `"${'x'.repeat(Math.floor(perCommit * 0.2))}"`;
  // every commit's params gain the trace and the text, as the last two params
  return encoder.encode(small.replace(/"params": \{/g, `"params": {"trace": ${list}, "notes": ${text}, `));
}

/**
 * Commit times pandas makes NaT of (NaN, None, -2^63), which Entropy's upgrade writes as NaT:
 * a v0.1 file with one, or (`several`) a v0.2 file of three such commits whose Params expire
 * (NaT + Timedelta is NaT, one object, so jsonpickle writes py/id references to it).
 */
export function nanTimestampParamsJson(several = false): Uint8Array {
  if (!several) return encoder.encode('{"_default": {"1": {"metadata": {"ns": NaN, "id": "c0ffee", "label": null}, "params": {"a": 1}, "tags": {}}}}');
  const param = (expiration: string) => `{"py/object": "${PARAM_CLASS}", "__dict__": {"value": 1.5, "commit_id": "c0ffee", "expiration": ${expiration}, "description": null, "node_id": null}}`;
  const commit = (time: string, id: string) => `{"metadata": {"id": "${id}", "label": null, "timestamp": ${time}}, "params": {"a": ${param('60')}, "b": ${param('null')}, "c": ${param('3600')}}, "tags": {}}`;
  return encoder.encode(`{"_default": {"1": ${commit('NaN', 'c1')}, "2": ${commit('null', 'c2')}, "3": ${commit('-9223372036854775808', 'c3')}, "4": ${commit('1652959866653245907', 'c4')}}, "info": {"1": {"version": "0.2", "revision": ""}}}`);
}

/** A file whose document id and integer values pass 2^53: 2^63 - 1 must stay exact. */
export function bigIdsParamsJson(): Uint8Array {
  return encoder.encode('{"_default": {"9223372036854775807": {"metadata": {"ns": 1652959866653245907, "id": "c0ffee", "label": null}, "params": {"a": 9223372036854775807, "b": -9223372036854775808}, "tags": {}}}}');
}

/** A v0.1 file of `commits` small commits (tinydb rewrites the whole file per insert: quadratic if done naively). */
export function manyCommitsParamsJson(commits: number): Uint8Array {
  const docs: string[] = [];
  for (let i = 1; i <= commits; i++) {
    docs.push(`"${i}": {"metadata": {"ns": ${1652959866653245907n + BigInt(i) * 1_000_000_000n}, "id": "c${i}", "label": null}, "params": {"qubit.freq": ${5.2e9 + i}, "qubit.amp": ${i % 7}, "note": "run ${i}"}, "tags": {}}`);
  }
  return encoder.encode(`{"_default": {${docs.join(', ')}}}`);
}
