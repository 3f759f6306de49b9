/**
 * Where Entropy 0.15.9's own `entropy upgrade` fails, entropy-migrate must do better, and
 * Entropy 0.15.9 itself is the judge of the result (the kit's README, "Known Entropy bugs").
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadHdf5 } from '../../migrations/hdf5/index.ts';
import { buildEntropyProject, PARAMS_JSON } from '../../migrations/builders/entropy-project.ts';
import type { RowSpec } from '../../migrations/builders/hdf5-files.ts';
import { pickled, PyFloat } from '../../migrations/builders/python-values.ts';
import { open } from '../support/db.ts';
import { compareInPlace, fingerprint, kit, migrate, view, writeFiles, type View } from './kit.ts';

await loadHdf5();

const work = mkdtempSync(join(tmpdir(), 'em-oracle-better-'));
afterAll(() => {
  if (process.env.ORACLE_KEEP) console.log(`oracle work folder kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
});

/** Copies of an old project: the original, one for Entropy, one for us. */
async function copies(name: string, make: (dir: string) => Promise<void> | void) {
  const orig = join(work, name, 'orig');
  await make(orig);
  const entropy = join(work, name, 'entropy');
  const ours = join(work, name, 'ours');
  cpSync(orig, entropy, { recursive: true });
  cpSync(orig, ours, { recursive: true });
  return { orig, entropy, ours, json: (side: string) => join(work, name, `${side}.view.json`) };
}

const ownProject = (rows: readonly RowSpec[], params?: string) => (dir: string) => {
  writeFiles(dir, buildEntropyProject(open, { at: '04ae19b32c08', experiments: 2, rows }));
  if (params !== undefined) writeFileSync(join(dir, PARAMS_JSON), params);
};

const row = (label: string, data: { data: Uint8Array; dataType: 'Pickled' | 'Npy' | 'String' }, more: Partial<RowSpec> = {}): RowSpec => ({
  experimentId: 1,
  stage: 0,
  label,
  ...data,
  ...more,
});

const exceptionOf = (v: View, call: string) => v.calls[call]?.exception ?? '';

/** The ParamStore's calls in a view (what a user of Entropy's params sees). */
const PARAM_CALLS = /^(ParamStore|keys\(\)|to_dict|is_dirty|list_commits|checkout|get_param|list_tags|list_keys_for_tag|list_values|dashboard params page|load_temp|diff)/;

describe.concurrent('better than Entropy, judged by Entropy 0.15.9', () => {
  it("(a) a params.json of Entropy 0.12.0: Entropy's upgrade crashes half-way, ours completes and Entropy reads every commit and value", async () => {
    const p = await copies('c2', async (dir) => {
      const r = await kit('make-project', dir, 'c2_06140c96c8c4_v012params');
      expect(r.code).toBe(0);
    });
    const [entropy, ours] = await Promise.all([kit('entropy-upgrade', p.entropy), migrate('upgrade', p.ours, '--in-place')]);
    expect(entropy.code).toBe(1);
    expect(entropy.err).toContain("AttributeError: 'dict' object has no attribute 'expiration'");
    expect(ours.code, ours.err).toBe(0);

    const [theirs, mine] = await Promise.all([view(p.entropy, p.json('entropy')), view(p.ours, p.json('ours'))]);
    expect(exceptionOf(theirs, 'SqlAlchemyDB(<project>)')).toContain('is not up-to-date');
    expect(mine.calls['SqlAlchemyDB(<project>)']).toEqual({ value: 'opened' });

    // Every commit of the old file, with every key and value, as Entropy 0.15.9 reads it back.
    type OldParam = { __dict__: { value: unknown } };
    const old = JSON.parse(readFileSync(join(p.orig, PARAMS_JSON), 'utf8')) as Record<string, Record<string, { metadata: { id: string }; params: Record<string, OldParam> }>>;
    const commits = Object.values(old._default!);
    expect((mine.calls['list_commits()']!.value as { id: string }[]).map((c) => c.id)).toEqual(commits.map((c) => `str '${c.metadata.id}'`));
    for (const commit of commits) {
      const seen = mine.calls[`checkout(${commit.metadata.id}) -> to_dict()`]!.value as Record<string, string>;
      expect(Object.keys(seen).sort()).toEqual(Object.keys(commit.params).sort());
      for (const [key, param] of Object.entries(commit.params)) expect(seen[key], key).toSatisfy(rendersAs(param.__dict__.value));
    }
    const temp = Object.values(old.temp!)[0]!.params;
    expect(Object.keys(mine.calls['load_temp() -> to_dict()']!.value as object).sort()).toEqual(Object.keys(temp).sort());

    // No ParamStore call raises, except diff(), which raises in Entropy itself on numpy arrays.
    const raised = Object.entries(mine.calls).filter(([call, r]) => PARAM_CALLS.test(call) && r.exception);
    expect(raised.map(([call]) => call).sort()).toEqual(['diff() [working copy vs latest commit]', 'diff(first commit, latest commit)']);
    for (const [, r] of raised) expect(r.exception).toContain('The truth value of an array with more than one element is ambiguous');
  });

  it('(b) bytes with a NUL in a saved_in_hdf5 = 0 row: Entropy exits 1, ours stores them and Entropy reads the same bytes', async () => {
    const nul = new Uint8Array([0x61, 0x00, 0x62, 0xff]);
    const p = await copies('nul', ownProject([row('plain', pickled(new PyFloat(1.5))), row('nul bytes', pickled(nul))]));
    const [entropy, ours] = await Promise.all([kit('entropy-upgrade', p.entropy), migrate('upgrade', p.ours, '--in-place')]);
    expect(entropy.code).toBe(1);
    expect(entropy.err).toContain('VLEN strings do not support embedded NULLs');
    expect(ours.code, ours.err).toBe(0);

    const [theirs, mine] = await Promise.all([view(p.entropy, p.json('entropy')), view(p.ours, p.json('ours'))]);
    expect(exceptionOf(theirs, 'get_results()')).toContain('KeyError');
    const results = mine.calls['get_results()']!.value as { label: string; data: string }[];
    expect(results.find((r) => r.label === "str 'nul bytes'")?.data).toBe("bytes b'a\\x00b\\xff'");
    expect(results.find((r) => r.label === "str 'plain'")?.data).toBe('numpy.float64 1.5');
  });

  it('(c) any failure: Entropy leaves a half-upgraded project, ours leaves the folder byte for byte as it was', async () => {
    const cases = await Promise.all([
      // a params.json that is not JSON: both stop in 06140c96c8c4
      copies('not-json', ownProject([row('r', pickled(1))], '{"_default": {')),
      // a row whose pickle is cut short: both stop in the HDF5 move, after the chain
      copies('cut-pickle', ownProject([row('fine', pickled(2)), row('cut', { data: pickled(3).data.slice(0, -1), dataType: 'Pickled' })])),
    ]);
    for (const p of cases) {
      const before = fingerprint(p.orig);
      const newFolder = join(p.ours, '..', 'ours-new');
      const [entropy, inPlace, intoNew] = await Promise.all([
        kit('entropy-upgrade', p.entropy),
        migrate('upgrade', p.ours, '--in-place'),
        migrate('upgrade', p.orig, '-o', newFolder),
      ]);
      expect(entropy.code, p.orig).not.toBe(0);
      expect(fingerprint(p.entropy), "Entropy's folder after its failure").not.toEqual(before);
      expect(inPlace.code, inPlace.out).toBe(2);
      expect(inPlace.err.trim().split('\n'), inPlace.err).toHaveLength(1);
      expect(fingerprint(p.ours)).toEqual(before);
      expect(intoNew.code).toBe(2);
      expect(existsSync(newFolder)).toBe(false);
      expect(fingerprint(p.orig)).toEqual(before);
    }
    // Entropy's own failure on c2 too: its database is left behind the head, params.json gone.
    const c2 = await copies('c2-fails', async (dir) => void (await kit('make-project', dir, 'c2_06140c96c8c4_v012params')));
    expect((await kit('entropy-upgrade', c2.entropy)).code).toBe(1);
    expect(existsSync(join(c2.entropy, PARAMS_JSON))).toBe(false);
    expect(existsSync(join(c2.orig, PARAMS_JSON))).toBe(true);
  });

  it('(d) metadata under a label with no result: the layout Entropy writes (its reader raises KeyError), and a warning', async () => {
    const p = await copies(
      'metadata-alone',
      ownProject([row('result', pickled(1)), row('result', pickled('meta'), { entity: 'metadata' }), row('alone', pickled(2), { entity: 'metadata', stage: 1 })]),
    );
    const [entropy, ours] = await Promise.all([kit('entropy-upgrade', p.entropy), migrate('upgrade', p.ours, '--in-place')]);
    expect(entropy.code, entropy.err).toBe(0);
    expect(ours.code, ours.err).toBe(0);
    expect(ours.err).toMatch(/^warning: Experiment 1: metadata at \/1\/alone has no result beside it; Entropy 0\.15\.9 reads this layout with a KeyError/m);

    await Promise.all([view(p.entropy, p.json('entropy')), view(p.ours, p.json('ours'))]);
    const theirs = JSON.parse(readFileSync(p.json('entropy'), 'utf8')) as View;
    expect(exceptionOf(theirs, 'get_results()')).toContain("KeyError: \"Unable to open object (object 'result' doesn't exist)\"");
    expect(await compareInPlace(p.json('entropy'), p.json('ours'))).toBe('');
  });
});

/** Whether Entropy's rendering of a value (e.g. "float 0.25") shows the value of the old file. */
function rendersAs(value: unknown): (seen: string) => boolean {
  return (seen) => {
    if (typeof value === 'number') return /^float /.test(seen) && Number(seen.slice(6)) === value;
    if (typeof value === 'string') return seen === `str '${value}'`;
    const tagged = value as { 'py/object'?: string; values?: number[] };
    if (tagged?.['py/object'] === 'numpy.ndarray') return seen === `numpy.ndarray dtype=float64 shape=[${tagged.values!.length}] values=[${tagged.values!.map(pyFloat).join(', ')}]`;
    if (value && typeof value === 'object') return seen.startsWith('dict {') && Object.keys(value).every((k) => seen.includes(`'${k}'`));
    return false;
  };
}

const pyFloat = (n: number) => (Number.isInteger(n) ? `${n}.0` : String(n));
