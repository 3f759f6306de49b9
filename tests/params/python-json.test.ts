import { describe, expect, it } from 'vitest';
import { dumpsPython, pythonFloat, pythonString } from '../../migrations/param-store/json-dumps.ts';
import { parsePythonJson } from '../../migrations/param-store/python-json.ts';
import { buildParamsJson } from '../../migrations/builders/params-json.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("Python's json, as params.json is written", () => {
  it("spells floats as Python's repr does", () => {
    // Expected strings printed by Python 3.11 (json.dumps of the same floats).
    const cases: [number, string][] = [
      [1e16, '1e+16'], [1e15, '1000000000000000.0'], [1e-5, '1e-05'], [0.0001, '0.0001'], [-0.0, '-0.0'],
      [Infinity, 'Infinity'], [NaN, 'NaN'], [3.2e-5, '3.2e-05'], [1.654088401e18, '1.654088401e+18'], [5e-324, '5e-324'],
      [5100000000, '5100000000.0'], [8, '8.0'], [-1337, '-1337.0'], [0.1, '0.1'], [123456.789, '123456.789'],
    ];
    for (const [x, spelled] of cases) expect(pythonFloat(x)).toBe(spelled);
  });

  it('escapes strings as ensure_ascii does', () => {
    expect(pythonString('é\u2028😀"\\\n\u0001\u007f')).toBe('"\\u00e9\\u2028\\ud83d\\ude00\\"\\\\\\n\\u0001\\u007f"');
  });

  it('keeps ints beyond 2^53 and int versus float', () => {
    const value = parsePythonJson(bytes('{"ns": 1652959865653245900, "f": 8.0, "i": 8}'), 'p');
    expect(dumpsPython(value)).toBe('{"ns": 1652959865653245900, "f": 8.0, "i": 8}');
    expect((value as { get(k: string): unknown }).get('ns')).toBe(1652959865653245900n);
  });

  it('reads and rewrites every built file to the same bytes', () => {
    for (const style of ['v0.1', 'v0.2', 'v0.12'] as const) {
      for (const seed of [1, 2, 3, 4]) {
        const file = buildParamsJson({ seed, style });
        expect(dumpsPython(parsePythonJson(file, 'p'))).toBe(new TextDecoder().decode(file));
      }
    }
  });

  it('refuses what Python refuses', () => {
    for (const bad of ['{', '{"a": 1,}', '{"a": "\u0001"}', '\ufeff{}', '{"a": 1} x', "{'a': 1}"]) {
      expect(() => parsePythonJson(bytes(bad), 'p.json')).toThrow(expect.objectContaining({ code: 'PARAMS_NOT_JSON' }));
    }
    expect(() => parsePythonJson(new Uint8Array([0x7b, 0xff, 0x7d]), 'p.json')).toThrow(expect.objectContaining({ code: 'PARAMS_NOT_JSON' }));
  });
});
