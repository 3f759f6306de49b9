/**
 * The page's words for releases, revisions and results, from the real chain: which releases
 * write each revision, that every revision has its own title, and what a run changed.
 */
import { describe, expect, it } from 'vitest';
import { chain } from '../../migrations/index.ts';
import { changesInWords } from '../../src/ui/done.ts';
import { releasesAt, releasesBeforeRevisions, releasesWords } from '../../src/ui/releases.ts';
import { deletedBy, planItems, stepWords } from '../../src/ui/revision-words.ts';

const shipped = chain.ordered.map((r) => ({ revision: r.revision, entropyRelease: r.entropyRelease ?? null }));

describe('releases', () => {
  it('says which releases write each revision, as the tags of entropy-lab/entropy have it', () => {
    expect(Object.fromEntries(shipped.map((r) => [r.revision, releasesAt(shipped, r.revision)]))).toEqual({
      '1318a586f31d': null,
      '04ae19b32c08': 'Entropy 0.2.0 to 0.5.0',
      f1ada2484fe2: null,
      '9ffd2ba0d5bf': 'Entropy 0.5.1 to 0.6.0',
      '06140c96c8c4': 'Entropy 0.7.0 to 0.12.0',
      '7fa75ca1263f': 'Entropy 0.13.0 to 0.14.0',
      '273a9fae6206': 'Entropy 0.15.0',
      '09f3b5a1689c': 'Entropy 0.15.1 to 0.15.3',
      '997e336572b8': 'Entropy 0.15.4 to 0.15.9',
    });
    expect(releasesBeforeRevisions(shipped)).toBe('Entropy 0.1.0 to 0.1.2');
    expect(releasesWords(shipped, 'f1ada2484fe2')).toBe('a step on the way to Entropy 0.5.1');
  });
});

describe('revision words', () => {
  const counts = {
    tables: [
      { name: 'Results', rows: 60 },
      { name: 'Figures', rows: 3 },
      { name: 'Nodes', rows: 12 },
    ],
    facts: { resultsInHdf5: 32, metadataInHdf5: 5, favorites: 2 },
  };

  it('gives every revision of the chain its own title, up and down, in words without SQL', () => {
    const titles = chain.ordered.flatMap((r) => (['upgrade', 'downgrade'] as const).map((direction) => stepWords({ revision: r.revision, direction, message: r.message }, counts).title));
    expect(new Set(titles).size).toBe(titles.length);
    for (const r of chain.ordered) {
      const { title, explain } = stepWords({ revision: r.revision, direction: 'upgrade', message: r.message }, counts);
      expect(`${title} ${explain}`).not.toMatch(/saved_in_hdf5|VACUUM|transaction|SQL|column|table|_/i);
    }
  });

  it('counts what the removal of results does, and says when there is nothing to remove', () => {
    const up = (facts: typeof counts.facts) => stepWords({ revision: '7fa75ca1263f', direction: 'upgrade', message: '' }, { ...counts, facts }).explain;
    expect(up(counts.facts)).toBe("32 results and 5 metadata entries leave the database; their data stays in the project's HDF5 files (.entropy/hdf5). The other 28 results stay.");
    expect(up({ resultsInHdf5: 0, metadataInHdf5: 0, favorites: 0 })).toBe('None in this file: every result stays in the database.');
  });

  it('lists what each downgrade deletes, with counts', () => {
    expect(deletedBy('f1ada2484fe2', counts)).toEqual(['Deletes every saved figure: 3 figures.']);
    expect(deletedBy('273a9fae6206', counts)).toEqual(['Deletes the favorite mark of every experiment (2 experiments marked).']);
    expect(deletedBy('7fa75ca1263f', counts)).toEqual([]);
    expect(deletedBy('997e336572b8', counts)).toEqual([]);
  });

  it('says the parameter-file steps once, where the first of them comes', () => {
    const steps = chain.ordered.slice(2).map((r) => ({ revision: r.revision, direction: 'upgrade' as const, message: r.message }));
    const items = planItems(steps, counts);
    expect(items.map((i) => i.revisions)).toEqual([['f1ada2484fe2'], ['9ffd2ba0d5bf'], ['06140c96c8c4', '09f3b5a1689c', '997e336572b8'], ['7fa75ca1263f'], ['273a9fae6206']]);
    expect(items[2]!.title).toBe('Parameters (3 steps)');
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
    );
    expect(lines).toEqual([
      "9,500 results and 11 metadata entries removed from the database (results 12,000 → 2,500, metadata entries 20 → 9): Entropy already keeps their data in the project's HDF5 files, in .entropy/hdf5.",
      'A place for figures was added; Entropy saves figures there from now on.',
    ]);
  });
});
