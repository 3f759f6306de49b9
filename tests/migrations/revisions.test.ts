/**
 * Every revision of Entropy's chain, up and down, on databases the project's builders make:
 * with rows (BLOBs, NULLs, unicode, quotes) and from a pre-Alembic start.
 */
import { describe, expect, it } from 'vitest';
import { below, build, chain, HEAD, migrate, rows, snap, sqlOf, versions } from '../support/db.ts';

const count = (bytes: Uint8Array, table: string) => Number(rows(bytes, `SELECT count(*) AS n FROM "${table}"`)[0]!.n);
const columnNames = (bytes: Uint8Array, table: string) =>
  rows(bytes, `SELECT name FROM pragma_table_info('${table}')`).map((r) => String(r.name));

/** The snapshot without the version table, which every step rewrites. */
function snapWithoutVersions(bytes: Uint8Array) {
  const { ['table:alembic_version']: _versions, ...rest } = snap(bytes);
  return rest;
}

/**
 * What a revision without a check of its own must do: keep every table, and every row of it
 * with the same values in the columns it keeps. A revision that deletes or rewrites rows
 * needs its own check below; one that only touches the project's files leaves the database
 * exactly as it was, rows and schema alike.
 */
function expectRowsKept(revision: string, before: Uint8Array, after: Uint8Array): void {
  if (chain.get(revision).changesDatabase === false) {
    expect(snapWithoutVersions(after)).toEqual(snapWithoutVersions(before));
    return;
  }
  for (const [key, object] of Object.entries(snapWithoutVersions(before))) {
    if (object.type !== 'table') continue;
    const kept = columnNames(before, object.name).filter((c) => columnNames(after, object.name).includes(c));
    expect(kept.length, `${key}: no column kept`).toBeGreaterThan(0);
    const select = `SELECT ${kept.map((c) => `"${c}"`).join(', ')} FROM "${object.name}" ORDER BY ${kept.map((c) => `"${c}"`).join(', ')}`;
    expect(rows(after, select), key).toEqual(rows(before, select));
  }
}

/** What each revision must have done, checked on the upgraded copy against its input. */
const upgradeChecks: Record<string, (before: Uint8Array, after: Uint8Array) => void> = {
  '1318a586f31d': (before, after) => {
    // A pre-Alembic database keeps its tables and rows; nothing is recreated.
    expect(snap(after)['table:Experiments']).toEqual(snap(before)['table:Experiments']);
    expect(count(after, 'Results')).toBe(count(before, 'Results'));
  },
  '04ae19b32c08': (before, after) => {
    for (const table of ['Results', 'ExperimentMetadata']) {
      expect(columnNames(after, table)).toContain('saved_in_hdf5');
      expect(rows(after, `SELECT DISTINCT saved_in_hdf5 AS v FROM "${table}"`)).toEqual([{ v: 0 }]);
      expect(count(after, table)).toBe(count(before, table));
    }
    expect(sqlOf(after, 'ExperimentMetadata')).toContain('data_type VARCHAR(7), saved_in_hdf5 BOOLEAN DEFAULT False NOT NULL, \n\tPRIMARY KEY (id)');
  },
  f1ada2484fe2: (_before, after) => {
    expect(sqlOf(after, 'Figures')).toBe(
      'CREATE TABLE "Figures" (\n\tid INTEGER NOT NULL, \n\texperiment_id INTEGER NOT NULL, \n\tfigure VARCHAR NOT NULL, \n\ttime DATETIME NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(experiment_id) REFERENCES "Experiments" (id) ON DELETE CASCADE\n)',
    );
  },
  '9ffd2ba0d5bf': (before, after) => {
    const old = rows(before, 'SELECT experiment_id, id, label, start, is_key_node FROM Nodes ORDER BY experiment_id, id');
    expect(rows(after, 'SELECT experiment_id, id, label, start, is_key_node FROM Nodes_old ORDER BY experiment_id, id')).toEqual(old);
    const moved = rows(after, 'SELECT experiment_id, stage_id AS id, label, start, is_key_node FROM Nodes ORDER BY experiment_id, stage_id');
    expect(moved).toEqual(old);
    expect(columnNames(after, 'Nodes')).toEqual(['id', 'experiment_id', 'stage_id', 'label', 'start', 'is_key_node']);
  },
  '7fa75ca1263f': (before, after) => {
    for (const table of ['Results', 'ExperimentMetadata']) {
      const kept = rows(before, `SELECT * FROM "${table}" WHERE saved_in_hdf5 = 0 ORDER BY id`);
      expect(kept.length).toBeGreaterThan(0);
      expect(rows(after, `SELECT * FROM "${table}" ORDER BY id`)).toEqual(kept);
    }
  },
  '273a9fae6206': (before, after) => {
    expect(rows(after, 'SELECT DISTINCT favorite AS v FROM Experiments')).toEqual([{ v: 0 }]);
    expect(count(after, 'Experiments')).toBe(count(before, 'Experiments'));
  },
};

describe.each(chain.ordered.map((s) => [s.revision, s.message] as const))('revision %s (%s)', (revision) => {
  const start = build(below(revision), { experiments: 4, rowsPerExperiment: 3 });

  it('starts from a database with rows in every table', () => {
    // Otherwise a revision that deletes rows would pass expectRowsKept on an empty table.
    const empty = Object.values(snapWithoutVersions(start)).filter((o) => o.type === 'table' && !o.rows!.length);
    expect(empty.map((o) => o.name)).toEqual([]);
  });

  it('upgrades one step, stamping alembic_version', () => {
    const { bytes, result } = migrate(start, 'upgrade', revision);
    expect(result.steps.map((s) => s.revision)).toEqual([revision]);
    expect(versions(bytes)).toEqual([revision]);
    const check = upgradeChecks[revision];
    if (check) check(start, bytes);
    else expectRowsKept(revision, start, bytes);
  });

  it('downgrades back to what it started from', () => {
    const up = migrate(start, 'upgrade', revision).bytes;
    const downTarget = chain.get(revision).downRevision === null ? 'base' : String(chain.get(revision).downRevision);
    const { bytes, result } = migrate(up, 'downgrade', downTarget);
    expect(result.steps.map((s) => [s.revision, s.direction])).toEqual([[revision, 'downgrade']]);
    expect(versions(bytes)).toEqual(downTarget === 'base' ? [] : [downTarget]);
    const was = snap(start);
    const now = snap(bytes);
    delete was['table:alembic_version'];
    delete now['table:alembic_version'];
    if (revision === '1318a586f31d') {
      // Entropy's initial downgrade drops its tables; the (empty) version table stays.
      expect(Object.keys(now)).toEqual([]);
      return;
    }
    if (revision === '9ffd2ba0d5bf') {
      // Entropy's own downgrade leaves Nodes_new behind.
      expect(now['table:Nodes_new']?.rows?.length).toBe(count(start, 'Nodes'));
      delete now['table:Nodes_new'];
    }
    if (revision === '7fa75ca1263f') {
      // Deleted rows cannot come back (Entropy restores a backup file); the schema is unchanged.
      expect(result.steps[0]!.notes.join(' ')).toMatch(/cannot be restored/);
      for (const table of ['table:Results', 'table:ExperimentMetadata']) {
        expect(now[table]!.sql).toBe(was[table]!.sql);
        delete now[table];
        delete was[table];
      }
    }
    expect(now).toEqual(was);
  });
});

describe('the whole chain', () => {
  it('upgrades a pre-Alembic database full of awkward rows to head, keeping every value', () => {
    const start = build('pre-alembic', { experiments: 6, rowsPerExperiment: 4, blobBytes: [0, 70_000] });
    const { bytes, result, before, after, checks } = migrate(start, 'upgrade');
    expect(result.steps).toHaveLength(chain.size);
    expect(versions(bytes)).toEqual([HEAD]);
    expect(checks.integrity).toBe('ok');
    // Unchanged tables keep every value byte for byte, BLOBs, NULLs and unicode included.
    for (const table of ['Debug', 'Plots', 'Resources', 'ResourcesSnapshots']) {
      expect(snap(bytes)[`table:${table}`]!.rows).toEqual(snap(start)[`table:${table}`]!.rows);
    }
    const labels = rows(bytes, 'SELECT label FROM Experiments').map((r) => r.label);
    expect(labels.some((l) => typeof l === 'string' && /[Ω量🧪"']/.test(l))).toBe(true);
    expect(rows(bytes, 'SELECT count(*) AS n FROM Experiments WHERE end_time IS NULL OR story IS NULL OR user IS NULL')[0]!.n).toBeGreaterThan(0);
    expect(after.find((t) => t.name === 'Results')!.rows).toBe(before.find((t) => t.name === 'Results')!.rows);
  });

  it('never changes the caller\'s bytes, even when it fails', () => {
    const start = build('04ae19b32c08');
    const copy = start.slice();
    migrate(start, 'upgrade');
    expect(start).toEqual(copy);
    expect(() => migrate(start, 'downgrade', '997e336572b8')).toThrow();
    expect(start).toEqual(copy);
  });

  it('goes down to base and up again to an identical schema', () => {
    const head = migrate(build('empty'), 'upgrade').bytes;
    const base = migrate(head, 'downgrade', 'base').bytes;
    expect(versions(base)).toEqual([]);
    const again = migrate(base, 'upgrade').bytes;
    const a = snap(again);
    const b = snap(head);
    expect(Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v.sql]))).toEqual(
      Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.sql])),
    );
  });
});

describe('the caller\'s buffer', () => {
  it('is not written to even when it is a Node Buffer and the run VACUUMs', () => {
    const input = Buffer.from(build('04ae19b32c08'));
    const before = Buffer.from(input);
    migrate(input, 'upgrade');
    expect(Buffer.compare(input, before)).toBe(0);
  });
});
