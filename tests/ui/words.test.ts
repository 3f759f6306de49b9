/**
 * The words people read, from the real chain: which releases write each revision (the
 * project's release table), each revision's own title and explanation counted on a built
 * file, the plan's short list, and what a run changed.
 */
import { describe, expect, it } from 'vitest';
import { releasesAt, releasesBeforeRevisions, releasesWords } from '../../migrations/releases.ts';
import { folderFromMap, plan, StagedFiles } from '../../src/engine/index.ts';
import { changesInWords } from '../../src/ui/done.ts';
import { lossesOf, planItems } from '../../src/ui/revision-words.ts';
import { build, chain, entropy, withDb } from '../support/db.ts';

describe('releases', () => {
  // Which releases write each of Entropy's nine revisions is pinned, with the nine, in
  // tests/migrations/registry.test.ts; here the words around them, as the page and the CLI say them.
  it('names the releases before revisions, a step inside one release, and says the same through the project', () => {
    expect(releasesBeforeRevisions(chain)).toBe('Entropy 0.1.0 to 0.1.2');
    expect(releasesAt(chain, 'f1ada2484fe2')).toBeNull();
    expect(releasesWords(chain, 'f1ada2484fe2')).toBe('a step on the way to Entropy 0.5.1');
    // The project definition speaks the same words, for the page and the CLI.
    expect(entropy.releaseOf({ kind: 'at', revisions: ['04ae19b32c08'] })).toBe('Entropy 0.2.0 to 0.5.0');
    expect(entropy.releaseOf({ kind: 'unversioned' })).toBe('Entropy 0.1.0 to 0.1.2');
    expect(entropy.releasesAt?.('f1ada2484fe2')).toBeNull();
    for (const { revision } of chain.ordered) expect(entropy.releasesAt?.(revision)).toBe(releasesAt(chain, revision));
  });
});

describe('revision words', () => {
  // 04ae19b32c08 with every row flagged: the removal of results has something to count.
  const old = build('04ae19b32c08', { experiments: 3, rowsPerExperiment: 4, savedInHdf5Share: 1, seed: 3 });

  it('gives every revision of the chain its own title, up and down, in words without SQL', () => {
    const titles = chain.ordered.flatMap((r) => [r.title, r.undoTitle]);
    expect(titles.every(Boolean)).toBe(true);
    expect(new Set(titles).size).toBe(titles.length);
    const steps = withDb(old, (db) => plan(db, chain, 'upgrade', 'heads').steps);
    for (const step of steps) {
      // A revision explains itself by the time it ships; until its release is set, the page
      // says it has no description for it.
      if (step.release) expect(step.explanation, `${step.revision} ships in ${step.release} without an explanation`).toBeTruthy();
      expect(`${step.title} ${step.explanation ?? ''}`).not.toMatch(/saved_in_hdf5|VACUUM|transaction|SQL|column|table|_/i);
    }
  });

  it('counts what the removal of results does, and says when there is nothing to remove', () => {
    const explain = (bytes: Uint8Array) => withDb(bytes, (db) => plan(db, chain, 'upgrade', 'heads').steps.find((s) => s.revision === '7fa75ca1263f')!.explanation);
    const counts = withDb(old, (db) => ['Results', 'ExperimentMetadata'].map((t) => Number(db.query(`SELECT count(*) AS n FROM ${t}`)[0]!.n)));
    expect(explain(old)).toBe(`${counts[0]} results and ${counts[1]} metadata entries leave the database; their data stays in the project's HDF5 files beside the database.`);
    // With the folder, it names the files the project has: one old single file, or the hdf5 folder.
    const withFiles = (files: Record<string, Uint8Array>) =>
      withDb(old, (db) => plan(db, chain, 'upgrade', 'heads', new StagedFiles(folderFromMap(new Map(Object.entries(files))))).steps.find((s) => s.revision === '7fa75ca1263f')!.explanation);
    expect(withFiles({ '.entropy/entropy.hdf5': new Uint8Array(8) })).toMatch(/stays in the project's single results file \(\.entropy\/entropy\.hdf5\)\.$/);
    expect(withFiles({})).toMatch(/stays in the project's HDF5 files \(\.entropy\/hdf5\)\.$/);
    expect(explain(build('04ae19b32c08', { experiments: 2, savedInHdf5Share: 0 }))).toBe('None in this file: every result stays in the database.');
  });

  it('lists what each downgrade deletes, with counts', () => {
    const head = build('heads', { experiments: 2, rowsPerExperiment: 2, seed: 5 });
    const losses = withDb(head, (db) => {
      db.exec('UPDATE Experiments SET favorite = 1');
      return lossesOf(plan(db, chain, 'downgrade', 'f1ada2484fe2').steps);
    });
    expect(losses).toContain('Deletes the favorite mark of every experiment (2 experiments marked).');
    expect(losses.some((l) => /^Sets aside the current node list \(\d+ nodes?\)/.test(l))).toBe(true);
  });

  it('says the parameter-file steps once, where the first of them comes', () => {
    const steps = withDb(build('1318a586f31d'), (db) => plan(db, chain, 'upgrade', 'heads').steps);
    const onParams = steps.filter((s) => !s.changesDatabase && s.changesProjectFiles === 'params.json');
    const items = planItems(steps);
    // Every other step on a line of its own, in the order it runs.
    expect(items.map((i) => i.revisions)).toEqual(
      steps.filter((s) => !onParams.includes(s) || s === onParams[0]).map((s) => (s === onParams[0] ? onParams.map((p) => p.revision) : [s.revision])),
    );
    const together = items.find((i) => i.revisions.length > 1)!;
    expect(together.title).toBe(`Parameters (${onParams.length} steps)`);
    const what = onParams.map((s) => s.title.replace(/^Parameters: /, ''));
    expect(together.explain).toBe(`In params.json: ${what.join('; ')}. The database does not change at these steps.`);
    // Entropy's three ParamStore revisions, in their words.
    expect(together.explain).toContain('each value gets an expiration; fix the names of stored parameter types; store times in the newer format');
  });
});

describe('what changed', () => {
  it('puts results moved to HDF5 files in one sentence, with thousands separators', () => {
    const lines = changesInWords(
      [
        { name: 'Results', rows: 12_000 },
        { name: 'ExperimentMetadata', rows: 20 },
      ],
      [
        { name: 'Results', rows: 2_500 },
        { name: 'ExperimentMetadata', rows: 9 },
        { name: 'Figures', rows: 0 },
      ],
      true,
      entropy.words ?? null,
    );
    expect(lines).toEqual([
      "9,500 results and 11 metadata entries removed from the database (results 12,000 → 2,500, metadata entries 20 → 9): Entropy already keeps their data in the project's HDF5 files beside the database.",
      'A place for figures was added; Entropy saves figures there from now on.',
    ]);
  });

  it("says a table added in the project's words, counted in its noun, and without words counts rows", () => {
    const before = [{ name: 'Nodes', rows: 3 }];
    const after = [
      { name: 'Nodes', rows: 3 },
      { name: 'Nodes_old', rows: 1 },
    ];
    expect(changesInWords(before, after, true, entropy.words ?? null)).toEqual(['A copy of the old node list (1 node) was kept, as Entropy keeps it.']);
    // A project that says nothing of its tables: the page names them and counts rows.
    expect(changesInWords([{ name: 'Results', rows: 5 }], [{ name: 'Results', rows: 2 }, { name: 'Nodes_old', rows: 2 }], true, null)).toEqual([
      '3 rows in Results removed (5 → 2).',
      'A new table Nodes_old was added (2 rows).',
    ]);
  });
});
