/**
 * params.json read back after each step wrote it (migrations/param-store/read-back.ts): a
 * writer that changes what lands in the file is caught with the commit and the key named, and
 * a faithful run counts every commit of the converted file.
 */
import { describe, expect, it } from 'vitest';
import { ReadBackError } from '../../src/engine/index.ts';
import { PARAMS_PATH } from '../../migrations/param-store/index.ts';
import { readBackParams } from '../../migrations/param-store/read-back.ts';
import { dumpsPython } from '../../migrations/param-store/json-dumps.ts';
import { parsePythonJson, PyDict } from '../../migrations/param-store/python-json.ts';
import { upgrade_0_1_to_0_2, upgrade_0_2_to_0_3, fixQualifiedName } from '../../migrations/param-store/revisions.ts';
import { buildParamsJson } from '../../migrations/builders/params-json.ts';
import { folderFromMap, StagedFiles } from '../../src/engine/project/files.ts';
import { REV_01_02, REV_02_03, REV_FIX } from './support.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Staged files whose writer slips a wrong value into the first Param of params.json. */
class TamperingFiles extends StagedFiles {
  override write(path: string, content: Uint8Array | string): void {
    const text = typeof content === "string" ? content : new TextDecoder().decode(content);
    super.write(path, path === PARAMS_PATH ? text.replace('"__dict__": {"value": ', '"__dict__": {"value": "tampered", "was": ') : content);
  }
}

const v01 = (commits: number) => new Map([[PARAMS_PATH, buildParamsJson({ seed: 4, style: 'v0.1', commits })]]);

describe('params.json read back', () => {
  it('counts the commits of each converted file', () => {
    const files = new StagedFiles(folderFromMap(v01(5)));
    const counts: { written: number; equal: number }[] = [];
    upgrade_0_1_to_0_2(files, REV_01_02, (c) => counts.push(c));
    fixQualifiedName(files, REV_FIX, (c) => counts.push(c));
    upgrade_0_2_to_0_3(files, REV_02_03, (c) => counts.push(c));
    expect(counts).toEqual([{ written: 5, equal: 5 }, { written: 5, equal: 5 }, { written: 5, equal: 5 }]);
  });

  it('refuses a writer that changes a value, naming the commit and the key', () => {
    const files = new TamperingFiles(folderFromMap(v01(3)));
    let error: unknown;
    try {
      upgrade_0_1_to_0_2(files, REV_01_02);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReadBackError);
    expect((error as Error).message).toMatch(/^\.entropy\/params\.json, read back, does not hold commit 1 as converted: its key "[^"]+" differs\. Nothing was written/);
  });

  it('refuses a conversion that lost a commit or a key of the file it converted', () => {
    const before = parsePythonJson(bytes('{"_default": {"1": {"metadata": {}, "params": {"a": 1, "b": 2}}, "2": {"metadata": {}, "params": {}}}}'), PARAMS_PATH) as PyDict;
    const lostKey = parsePythonJson(bytes('{"_default": {"1": {"metadata": {}, "params": {"a": 1}}, "2": {"metadata": {}, "params": {}}}}'), PARAMS_PATH);
    expect(() => readBackParams(bytes(dumpsPython(lostKey)), lostKey, before, PARAMS_PATH)).toThrow(/has lost the key "b" of commit 1/);
    const lostCommit = parsePythonJson(bytes('{"_default": {"1": {"metadata": {}, "params": {"a": 1, "b": 2}}}}'), PARAMS_PATH);
    expect(() => readBackParams(bytes(dumpsPython(lostCommit)), lostCommit, before, PARAMS_PATH)).toThrow(/has lost commit 2/);
    expect(readBackParams(bytes(dumpsPython(before)), before, before, PARAMS_PATH)).toEqual({ written: 2, equal: 2 });
  });

  it('refuses bytes that are not what was dumped, even where JSON would read them alike', () => {
    const meant = parsePythonJson(bytes('{"_default": {"1": {"metadata": {}, "params": {"x": 8.0}}}}'), PARAMS_PATH);
    // 8 is not 8.0 to Python: an int where a float was meant
    expect(() => readBackParams(bytes('{"_default": {"1": {"metadata": {}, "params": {"x": 8}}}}'), meant, null, PARAMS_PATH)).toThrow(/commit 1 as converted: its key "x" differs/);
    expect(() => readBackParams(bytes('{"_default": {"1": {"metadata": {}, "params": {"x": 8.0}}}, "extra": {}}'), meant, null, PARAMS_PATH)).toThrow(/more or other than was written/);
  });
});
