/** Tiny's finishing work: after every upgrade to the head, samples move into lab/archive/. */
import type { FinishingWork } from '../../../src/engine/index.ts';

export const archiveSamples: FinishingWork = {
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
};
