/**
 * A second, tiny project that proves the seam: two revisions, a database somewhere else in
 * its folder, a revision that rewrites a file beside the database, and finishing work after
 * the chain. Nothing in the engine, the CLI, the page's worker or the developer tools knows
 * it; it is handed to them exactly as Entropy's project is, and laid out as Entropy's is (this
 * registry, one file per revision beside it, a declared model, a builder), so the developer
 * tools can write its next revision (`--project tests/projects/tiny/index.ts`).
 */
import { defineProject, type DbState, type MigrationScript } from '../../../src/engine/index.ts';
import { archiveSamples } from './archive.ts';
import ma1a1a1a1a1a1 from './2024-01-01-00-00-00_a1a1a1a1a1a1_create_samples.ts';
import mb2b2b2b2b2b2 from './2024-02-01-00-00-00_b2b2b2b2b2b2_add_weights.ts';

export { NOTES } from './notes.ts';

export const migrations: readonly MigrationScript[] = [
  ma1a1a1a1a1a1,
  mb2b2b2b2b2b2,
  // migration:new inserts here
];

export const tiny = defineProject({
  name: 'Tiny',
  migrations,
  layout: {
    database: 'lab/tiny.db',
    wantsFile: (path) => path.startsWith('lab/notes') || path.startsWith('lab/archive/'),
  },
  databaseHint: 'choose lab/tiny.db',
  recognise: (tables) => tables.includes('samples'),
  releaseOf: (state: DbState) => (state.kind === 'at' ? `Tiny ${state.revisions.join(', ')}` : `Tiny before ${state.kind}`),
  finishing: [archiveSamples],
  development: {
    model: 'tests/projects/tiny/model.ts',
    tests: 'tests/projects/tiny/tests',
    builder: { module: 'tests/projects/tiny/build.ts', name: 'buildTinyDb' },
  },
});

/** The name the developer tools look for in a registry. */
export const project = tiny;
