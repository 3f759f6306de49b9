/** Adds a column and, as Entropy's ParamStore revisions do, rewrites a file beside the database. */
import { defineMigration } from '../../../src/engine/index.ts';
import { NOTES } from './notes.ts';

export default defineMigration({
  revision: 'b2b2b2b2b2b2',
  downRevision: 'a1a1a1a1a1a1',
  message: 'add weights',
  createDate: '2024-02-01 00:00:00',
  release: '2.0',
  summary: 'Adds a weight to each sample and upper-cases the notes file.',
  title: 'Weigh samples',
  undoTitle: 'Forget the weights',
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
