/**
 * params.json files that attack the ParamStore reader (migrations/builders/hostile-project.ts):
 * nesting 100,000 deep, ids and ints past 2^53, times pandas makes NaT of, thousands of commits.
 * Each upgrades as Entropy 0.15.9's own upgrade does (its outputs, seen with the oracle kit, are
 * quoted below), or is refused in one sentence naming the file, never with an engine's words.
 */
import { describe, expect, it } from 'vitest';
import { MigrateError } from '../../src/engine/index.ts';
import { hostileParams as p } from '../../migrations/builders/hostile-project.ts';
import { MAX_NESTING } from '../../migrations/param-store/python-json.ts';
import { PARAMS_PATH } from '../../migrations/param-store/index.ts';
import { runChain, text, withParams } from './support.ts';

const NAT = '{"py/reduce": [{"py/function": "pandas._libs.tslibs.nattype.__nat_unpickle"}, {"py/tuple": [null]}]}';

function refusal(work: () => unknown): MigrateError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(MigrateError);
    return error as MigrateError;
  }
  throw new Error('expected a refusal');
}

describe('deep nesting', () => {
  it('100,000 deep is refused in a sentence naming the file (it was "Maximum call stack size exceeded"; Entropy stops too)', () => {
    for (const style of ['v0.1', 'v0.2'] as const) {
      const error = refusal(() => runChain(withParams(p.deepParamsJson(100_000, style)), style === 'v0.1' ? 'before-06140' : 'at-06140'));
      expect(error.code).toBe('PARAMS_UNSUPPORTED_VALUE');
      expect(error.message).toMatch(
        new RegExp(`^\\.entropy/params\\.json nests its values more than ${MAX_NESTING} deep \\(at character \\d+\\); Entropy 0\\.15\\.9 cannot read it either \\(Python stops at its recursion limit\\), so it is left as it is\\.$`),
      );
    }
  });

  it('as deep as it may be, every step goes through (Entropy itself stops between 300 and 500 deep)', () => {
    for (const style of ['v0.1', 'v0.2'] as const) {
      const files = withParams(p.deepParamsJson(MAX_NESTING - 10, style));
      expect(runChain(files, style === 'v0.1' ? 'before-06140' : 'at-06140')).toEqual([]);
      expect(text(files)).toContain(`"value": ${'['.repeat(MAX_NESTING - 10)}1${']'.repeat(MAX_NESTING - 10)}`);
    }
  });
});

describe('exact numbers', () => {
  it('keeps a document id of 2^63 - 1 and int values of +-2^63 exactly (as Entropy writes them)', () => {
    const files = withParams(p.bigIdsParamsJson());
    runChain(files, 'before-06140');
    const out = text(files)!;
    expect(out).toMatch(/^\{"_default": \{"9223372036854775807": /);
    expect(out).toContain('"value": 9223372036854775807,');
    expect(out).toContain('"value": -9223372036854775808,');
  });
});

describe('times pandas makes NaT of (Entropy writes NaT, it does not stop)', () => {
  it('a commit time of NaN becomes NaT', () => {
    const files = withParams(p.nanTimestampParamsJson());
    expect(runChain(files, 'before-06140')).toEqual([]);
    expect(text(files)).toContain(`"metadata": {"id": "c0ffee", "label": null, "timestamp": ${NAT}}`);
  });

  it('NaN, None and -2^63 are one NaT, and expirations after it NaT too: py/id references, as Entropy writes them', () => {
    const files = withParams(p.nanTimestampParamsJson(true));
    expect(runChain(files, 'at-06140')).toEqual([]);
    const out = text(files)!;
    // Entropy 0.15.9's own file: the first NaT written out, every later one a reference to it
    expect(out).toContain(`{"_default": {"1": {"metadata": {"id": "c1", "label": null, "timestamp": ${NAT}}, "params": {"a": {"py/object": "entropylab.pipeline.params.param_store.Param", "__dict__": {"value": 1.5, "commit_id": "c0ffee", "expiration": {"py/id": 4}`);
    expect(out).toContain('"2": {"metadata": {"id": "c2", "label": null, "timestamp": {"py/id": 4}}');
    expect(out.match(/py\/reduce/g)).toHaveLength(1);
    expect(out).toContain('"timestamp": {"py/object": "pandas._libs.tslibs.timestamps.Timestamp", "values": "", "txt": true, "meta": {"isoformat": "2022-05-19T11:31:06.653245907"}}');
  });
});

describe('size', () => {
  it('5,000 commits upgrade in linear time (every insert re-encoded the whole file: quadratic)', () => {
    const files = withParams(p.manyCommitsParamsJson(5_000));
    const started = performance.now();
    runChain(files, 'before-06140');
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(text(files)).toContain('"5000": {"metadata": {"id": "c5000"');
  });
});

describe('no engine words', () => {
  it('odd times and expirations are upgraded or refused in a sentence, never with a JavaScript error', () => {
    const times = ['NaN', 'Infinity', '-Infinity', 'null', '1e300', '-1e300', '1.5', '"text"', '[]', '9223372036854775807', '-9223372036854775807', '99999999999999999999999'];
    const expirations = ['NaN', 'Infinity', '-1e300', '1e300', '99999999999999999999999', '-99999999999999999999999', '1.5', '"x"', '{}'];
    for (const cls of ['entropylab.pipeline.params.param_store.Param', 'entropylab.pipeline.api.param_store.Param']) {
      for (const time of times) {
        for (const expiration of expirations) {
          const param = `{"py/object": "${cls}", "__dict__": {"value": 1, "commit_id": null, "expiration": ${expiration}, "description": null, "node_id": null}}`;
          const file = `{"_default": {"1": {"metadata": {"id": "c", "label": null, "timestamp": ${time}}, "params": {"a": ${param}}, "tags": {}}}, "info": {"1": {"version": "0.2", "revision": ""}}}`;
          try {
            runChain(withParams(file), 'at-06140');
          } catch (error) {
            expect(error, `${time} / ${expiration}`).toBeInstanceOf(MigrateError);
            expect((error as Error).message).not.toMatch(/BigInt|call stack|undefined|NaN|Infinity/);
            expect((error as Error).message).toContain(PARAMS_PATH);
          }
        }
      }
    }
  });
});
