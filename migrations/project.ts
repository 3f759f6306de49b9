/**
 * Entropy as one project: its revisions, how its databases are recognised, the releases
 * that wrote them, and where its files live in a project folder. The CLI, the page's worker
 * and the developer tools are handed this definition; the engine knows nothing of Entropy.
 */
import { defineProject, type MigrationScript } from '../src/engine/index.ts';
import { hdf5Move, hdf5MoveWork } from './hdf5/finishing.ts';
import { loadHdf5, type MoveOptions } from './hdf5/index.ts';
import { entropyReleaseOf, LATEST_KNOWN_RELEASE, releasesAt } from './releases.ts';

/** Files beside the database that a whole-project run reads or writes. */
const PROJECT_FILES = [
  /^\.entropy\/params\.json(\..+)?$/, // the ParamStore and its backups (downgrades restore them)
  /^\.entropy\/entropy\.hdf5$/, // the single results file of Entropy 0.2 to 0.5
  /^\.entropy\/hdf5\/[^/]+\.hdf5$/, // one results file per experiment
];

/** What a host adds to Entropy's own definition: the CLI's threads for the HDF5 move. */
export interface EntropyOptions {
  readonly hdf5?: Pick<MoveOptions, 'threads'>;
}

export function entropyProject(migrations: readonly MigrationScript[], options: EntropyOptions = {}) {
  const project = defineProject({
    name: 'Entropy',
    article: 'an',
    migrations,
    layout: {
      database: '.entropy/entropy.db',
      wantsFile: (path) => PROJECT_FILES.some((pattern) => pattern.test(path)),
      // Entropy 0.1 kept lab.db with lab.hdf5 beside it; `entropy upgrade lab.db` makes lab/.
      companionsOfBareDatabase: (fileName) => ({ '.entropy/entropy.hdf5': `${fileName.replace(/\.db$/, '')}.hdf5` }),
      // HDF5Storage's constructor makes it on every `entropy upgrade`, even with nothing to move
      foldersAfterUpgrade: ['.entropy/hdf5'],
    },
    databaseHint: "choose the entropy.db inside your project's .entropy folder",
    // Every Entropy database since 0.1 has Experiments; other SQLite files are not Entropy's.
    recognise: (tables) => tables.includes('Experiments'),
    releaseOf: (state) => entropyReleaseOf(project.chain, state),
    releasesAt: (revision) => releasesAt(project.chain, revision),
    prepare: loadHdf5,
    // After the chain, every time, `entropy upgrade` moves results out of SQLite.
    finishing: [options.hdf5 ? hdf5MoveWork(options.hdf5) : hdf5Move],
    // What the page says of Entropy's databases and files, beyond the revisions' own words.
    words: {
      latestRelease: `Entropy ${LATEST_KNOWN_RELEASE}`,
      rows: {
        Results: ['result', 'results'],
        ExperimentMetadata: ['metadata entry', 'metadata entries'],
        Experiments: ['experiment', 'experiments'],
        Figures: ['figure', 'figures'],
        Nodes: ['node', 'nodes'],
        Plots: ['plot', 'plots'],
      },
      contents: ['Experiments', 'Results'],
      filesBeside: 'params.json and the results files',
      // 7fa75ca1263f deletes the rows Entropy had already copied into HDF5 files.
      keptElsewhere: { tables: ['Results', 'ExperimentMetadata'], where: "Entropy already keeps their data in the project's HDF5 files beside the database" },
      tableAdded: {
        Figures: { sentence: 'A place for figures was added; Entropy saves figures there from now on.' },
        Nodes_old: { sentence: 'A copy of the old node list ({rows}) was kept, as Entropy keeps it.', noun: ['node', 'nodes'] },
      },
    },
    // For the developer tools: what autogenerate compares with, where a revision's test goes,
    // and the builder that test starts from (a database with rows at the revision below).
    development: {
      model: 'migrations/model.ts',
      tests: 'tests/migrations',
      builder: { module: 'migrations/builders/entropy-db.ts', name: 'buildEntropyDb' },
    },
  });
  return project;
}
