/**
 * Bad files, made on purpose: the damage a disk, a copy or a person does to a database, and
 * the wrong files people pick. The bad-input tests (engine, CLI, page) and the fuzzer all
 * draw from here, so a case found by one can be replayed by the others. Every function
 * returns new bytes and never changes its input.
 */
import { declaredPageSize, type DbOpener } from '../../src/engine/index.ts';
import { chain } from '../index.ts';
import { buildEntropyDb } from './entropy-db.ts';
import { Random } from './random.ts';

function pageCountOf(bytes: Uint8Array): number {
  return Math.floor(bytes.length / declaredPageSize(bytes));
}

/** Flips one random bit in each of `count` random bytes (a bad sector, a bad RAM bit). */
function flipBytes(bytes: Uint8Array, rng: Random, count: number): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i < count; i++) out[rng.int(0, out.length - 1)]! ^= 1 << rng.int(0, 7);
  return out;
}

/** The first `length` bytes: a copy that stopped part-way. */
export function truncate(bytes: Uint8Array, length: number): Uint8Array {
  return bytes.slice(0, Math.max(0, Math.min(length, bytes.length)));
}

/** Page `page` (1-based, as SQLite counts) filled with zeros. */
function zeroPage(bytes: Uint8Array, page: number): Uint8Array {
  const size = declaredPageSize(bytes);
  const out = bytes.slice();
  out.fill(0, (page - 1) * size, page * size);
  return out;
}

/** Pages `a` and `b` (1-based) trade places, as a confused file system might write them. */
function swapPages(bytes: Uint8Array, a: number, b: number): Uint8Array {
  const size = declaredPageSize(bytes);
  const out = bytes.slice();
  out.set(bytes.subarray((a - 1) * size, a * size), (b - 1) * size);
  out.set(bytes.subarray((b - 1) * size, b * size), (a - 1) * size);
  return out;
}

/**
 * The database as a WAL-mode file looks once its log is checkpointed: identical pages, with
 * the header's read and write versions (bytes 18 and 19) set to 2.
 */
export function walMode(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out[18] = 2;
  out[19] = 2;
  return out;
}

export function randomBytes(length: number, seed = 1): Uint8Array {
  return new Random(seed).bytes(length);
}

/** A small but real PNG (a 1x1 grey pixel): someone picked a plot instead of the database. */
export function pngFile(): Uint8Array {
  return Uint8Array.from(
    atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg=='),
    (c) => c.charCodeAt(0),
  );
}

/** Lab notes saved with a .db name. */
export function textFile(): Uint8Array {
  return new TextEncoder().encode('Lab notes, 3 March: calibrated the qubit; T1 = 48 us.\n'.repeat(40));
}

/** A healthy SQLite database of someone else's (an invoice register). */
export function foreignSqliteDb(open: DbOpener): Uint8Array {
  const db = open(null);
  try {
    db.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer TEXT, total REAL); INSERT INTO invoices VALUES (1, 'Acme', 9.5), (2, 'Initech', 120)");
    return db.export();
  } finally {
    db.close();
  }
}

/** Runs SQL on a copy of `bytes` and returns the copy's bytes. */
export function edited(open: DbOpener, bytes: Uint8Array, sql: string): Uint8Array {
  const db = open(bytes);
  try {
    db.exec(sql);
    return db.export();
  } finally {
    db.close();
  }
}

/** An Entropy database stamped with a revision this build has never seen (a newer Entropy's). */
export function unknownRevisionDb(open: DbOpener, bytes: Uint8Array, revision = 'c0ffee15900d'): Uint8Array {
  return edited(open, bytes, `UPDATE alembic_version SET version_num = '${revision}'`);
}

/**
 * alembic_version with two rows where one revision descends from the other: not a branch
 * point but a table edited by hand (a real branched database is a different, valid case).
 */
export function severalHeadsDb(open: DbOpener, bytes: Uint8Array, extra = chain.bases[0]!): Uint8Array {
  return edited(open, bytes, `INSERT INTO alembic_version (version_num) VALUES ('${extra}')`);
}

/**
 * A pre-Alembic database edited by hand so that a Nodes row has no start time. Only the rows
 * break revision 9ffd2ba0d5bf (its new Nodes table requires start), so the failure comes in
 * the middle of a real run: no schema-only dry run sees it, and no test hook is involved.
 */
export function nodeWithoutStartDb(open: DbOpener, preAlembic: Uint8Array): Uint8Array {
  return edited(
    open,
    preAlembic,
    `CREATE TABLE "Nodes_edit" (experiment_id INTEGER NOT NULL, id INTEGER NOT NULL, label VARCHAR, start DATETIME, is_key_node BOOLEAN,
       PRIMARY KEY (experiment_id, id), FOREIGN KEY(experiment_id) REFERENCES "Experiments" (id) ON DELETE CASCADE);
     INSERT INTO "Nodes_edit" SELECT * FROM "Nodes";
     DROP TABLE "Nodes";
     ALTER TABLE "Nodes_edit" RENAME TO "Nodes";
     INSERT INTO "Nodes" (experiment_id, id, label, start) VALUES (1, 999, 'no start time', NULL);`,
  );
}

/** The sentence a run of nodeWithoutStartDb ends with. */
export const NODE_WITHOUT_START_FAILURE =
  'The upgrade step 9ffd2ba0d5bf failed at "INSERT INTO Nodes_new (experiment_id, stage_id, label, start, is_key_node) SELECT experiment_id, id, label, start, is_key_node FROM Nodes": NOT NULL constraint failed: Nodes_new.start. Nothing was written.';

/** A database whose table pages are damaged where the header cannot tell: zeroed b-tree pages. */
export function damagedPagesDb(open: DbOpener, bytes: Uint8Array): Uint8Array {
  // The root page of Results holds its first cells; zeroing it leaves a page of type 0,
  // which quick_check reports while the header and page count still look right.
  const db = open(bytes);
  let root: number;
  try {
    root = Number(db.query(`SELECT rootpage FROM sqlite_master WHERE name = 'Experiments'`)[0]!.rootpage);
  } finally {
    db.close();
  }
  return zeroPage(bytes, root);
}

/** Every kind of damage the fuzzer applies. */
const MUTATIONS = ['flip', 'truncate', 'zero-page', 'swap-pages', 'flip-header', 'flip-page-one'] as const;
export type MutationKind = (typeof MUTATIONS)[number];

export interface Mutation {
  readonly seed: number;
  readonly kind: MutationKind;
  /** What was done, enough to replay it by hand. */
  readonly description: string;
  readonly bytes: Uint8Array;
}

/** One seeded mutation of `bytes`: the same seed gives the same damage everywhere. */
export function mutate(bytes: Uint8Array, seed: number): Mutation {
  const rng = new Random(seed * 2654435761);
  const kind = MUTATIONS[seed % MUTATIONS.length]!;
  const pages = pageCountOf(bytes);
  const size = declaredPageSize(bytes);
  switch (kind) {
    case 'flip': {
      const count = rng.int(1, 16);
      return { seed, kind, description: `${count} random bit flips`, bytes: flipBytes(bytes, rng, count) };
    }
    case 'truncate': {
      // Half the time on a page boundary (the header check cannot catch a short file then
      // unless the page count disagrees), half anywhere.
      const length = rng.next() < 0.5 ? rng.int(1, pages - 1) * size : rng.int(0, bytes.length - 1);
      return { seed, kind, description: `cut to ${length} bytes`, bytes: truncate(bytes, length) };
    }
    case 'zero-page': {
      const page = rng.int(1, pages);
      return { seed, kind, description: `page ${page} zeroed`, bytes: zeroPage(bytes, page) };
    }
    case 'swap-pages': {
      const a = rng.int(1, pages);
      const b = rng.int(1, pages);
      return { seed, kind, description: `pages ${a} and ${b} swapped`, bytes: swapPages(bytes, a, b) };
    }
    case 'flip-header': {
      const out = bytes.slice();
      const at = rng.int(16, 99);
      out[at] = rng.int(0, 255);
      return { seed, kind, description: `header byte ${at} set to ${out[at]}`, bytes: out };
    }
    case 'flip-page-one': {
      // Page 1 holds sqlite_master: damage there is the hardest for SQLite to survive.
      const out = bytes.slice();
      const count = rng.int(1, 8);
      for (let i = 0; i < count; i++) out[rng.int(100, size - 1)] = rng.int(0, 255);
      return { seed, kind, description: `${count} bytes of page 1 (sqlite_master) overwritten`, bytes: out };
    }
  }
}

/** The database the fuzzer damages: old enough that the whole chain runs over it. */
export function fuzzTarget(open: DbOpener): Uint8Array {
  return buildEntropyDb(open, { at: '04ae19b32c08', experiments: 12, rowsPerExperiment: 4, blobBytes: [0, 1500], seed: 11 });
}
