/**
 * A second, tiny project that proves the seam: two revisions, a database somewhere else in
 * its folder, a revision that rewrites a file beside the database, and finishing work after
 * the chain. Nothing in the engine, the CLI or the Migrator knows it; it is handed to them
 * exactly as Entropy's project is.
 */
import { defineMigration, defineProject, type DbState } from '../../../src/engine/index.ts';

export const NOTES = 'lab/notes.txt';

const createSamples = defineMigration({
  revision: 'a1a1a1a1a1a1',
  downRevision: null,
  message: 'create samples',
  createDate: '2024-01-01 00:00:00',
  release: '1.0',
  summary: 'Creates the samples table.',
  upgrade(op) {
    op.execute('CREATE TABLE samples (id INTEGER PRIMARY KEY, name TEXT NOT NULL, archived INTEGER NOT NULL DEFAULT 0)');
  },
  downgrade(op) {
    op.dropTable('samples');
  },
});

/** Adds a column and, as Entropy's ParamStore revisions do, rewrites a file beside the database. */
const addWeights = defineMigration({
  revision: 'b2b2b2b2b2b2',
  downRevision: 'a1a1a1a1a1a1',
  message: 'add weights',
  createDate: '2024-02-01 00:00:00',
  release: '2.0',
  summary: 'Adds a weight to each sample and upper-cases the notes file.',
  changesProjectFiles: 'notes.txt',
  keepsDatabaseCopy: 'tiny.before-weights.db',
  upgrade(op) {
    op.execute('ALTER TABLE samples ADD COLUMN weight REAL');
    const notes = op.files?.readText(NOTES);
    if (notes != null && op.files) {
      op.files.copy(NOTES, `${NOTES}.b2b2b2b2b2b2.bak`);
      op.files.write(NOTES, notes.toUpperCase());
    }
  },
  downgrade(op) {
    op.dropColumn('samples', 'weight');
    if (op.files?.exists(`${NOTES}.b2b2b2b2b2b2.bak`)) {
      // The upper-cased notes are the upgrade's own: they go, and the backup takes their place.
      op.files.remove(NOTES);
      op.files.move(`${NOTES}.b2b2b2b2b2b2.bak`, NOTES);
    }
  },
});

export const tiny = defineProject({
  name: 'Tiny',
  migrations: [createSamples, addWeights],
  layout: {
    database: 'lab/tiny.db',
    wantsFile: (path) => path.startsWith('lab/notes') || path.startsWith('lab/archive/'),
  },
  databaseHint: 'choose lab/tiny.db',
  recognise: (tables) => tables.includes('samples'),
  releaseOf: (state: DbState) => (state.kind === 'at' ? `Tiny ${state.revisions.join(', ')}` : `Tiny before ${state.kind}`),
  finishing: [
    {
      title: 'Archiving samples',
      describe(db, files) {
        const n = Number(db.query('SELECT count(*) AS n FROM samples WHERE archived = 0')[0]!.n);
        return {
          changes: n ? [`moves ${n} sample(s) into lab/archive/`] : [],
          warnings: [],
          leftUndoneWithoutFolder: n && !files ? `${n} sample(s) stay unarchived.` : null,
        };
      },
      run(db, files) {
        const rows = db.query('SELECT id, name FROM samples WHERE archived = 0 ORDER BY id');
        for (const row of rows) {
          // A sample this project cannot archive: the test of a failure after the chain.
          if (row.name === 'unarchivable') throw new Error(`sample ${String(row.id)} cannot be archived`);
          files.write(`lab/archive/${String(row.id)}.txt`, String(row.name));
        }
        db.run('UPDATE samples SET archived = 1 WHERE archived = 0');
        return { done: rows.length ? [`Archived ${rows.length} sample(s).`] : [], warnings: [] };
      },
    },
  ],
});
