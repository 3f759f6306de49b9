/**
 * What the page may ask of the worker. All SQLite work happens here, off the page's thread.
 * The worker holds the opened file's bytes between calls (the page keeps only the File, so
 * a cancelled run can start again in a fresh worker by inspecting the same File).
 *
 * Every method answers with a Reply instead of throwing: Comlink would turn a thrown
 * MigrateError into a plain Error and lose its `code`, so errors cross as ErrorInfo data and
 * the page rebuilds them with errorFromInfo.
 */
import {
  currentRevisions,
  inspectBytes,
  migrateBytes,
  openCopy,
  plan as planFor,
  toErrorInfo,
  type DbOpener,
  type Direction,
  type ErrorInfo,
  type Inspection,
  type MigrateOutcome,
  type Plan,
  type ProgressEvent,
} from '../engine/index.ts';
import { chain } from '../../migrations/index.ts';
import { buildEntropyDb } from '../builders/entropy-db.ts';
import { browserOpener } from '../sqljs/browser.ts';
import { readSchema, statementsFor, type SchemaCopy } from './sql-preview.ts';

export type Reply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

export interface RevisionInfo {
  readonly revision: string;
  readonly message: string;
  readonly summary: string;
  readonly createDate: string;
  readonly entropyRelease: string | null;
}

export interface PlanView {
  readonly target: string;
  readonly plan: Plan;
  /** The SQL of each step (same order as plan.steps), from a dry run on a schema-only copy. */
  readonly statements: readonly (readonly string[])[];
}

export interface Opened {
  readonly inspection: Inspection;
  /** The upgrade to head, with its SQL. */
  readonly preview: PlanView;
}

export interface Outcome extends Omit<MigrateOutcome, 'bytes'> {
  /**
   * The new file, made into a Blob here: a Blob crosses to the page without its bytes, so
   * the page's thread never copies hundreds of megabytes (that copy was its longest task).
   */
  readonly file: Blob;
  /** SHA-256 of the file as opened and of the new file, hex; null where WebCrypto is missing. */
  readonly inputSha256: string | null;
  readonly outputSha256: string | null;
}

export interface Sample {
  readonly name: string;
  readonly file: Blob;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** The sample: a database as Entropy 0.2.0 wrote it (saved_in_hdf5 just added), with a few experiments. */
const SAMPLE = { name: 'sample-entropy.db', at: '04ae19b32c08', experiments: 4, rowsPerExperiment: 3, seed: 7 } as const;

let current: { readonly bytes: Uint8Array; readonly schema: SchemaCopy } | null = null;

async function reply<T>(work: () => Promise<T>): Promise<Reply<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

function loaded(): { bytes: Uint8Array; schema: SchemaCopy } {
  if (!current) throw new Error('No database is open in the worker; open one first.');
  return current;
}

async function sha256(bytes: Uint8Array): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Inspects the file and reads its schema (for the SQL preview) from one opened copy: each
 * open copies the whole file and runs quick_check over it, which on a big file is most of
 * the wait before the plan shows. The schema is read as inspection closes its copy.
 */
function inspectWithSchema(opener: DbOpener, bytes: Uint8Array): { inspection: Inspection; schema: SchemaCopy } {
  let schema: SchemaCopy | null = null;
  const readingSchemaOnClose: DbOpener = (input) => {
    const db = opener(input);
    return {
      exec: (sql) => db.exec(sql),
      query: (sql, params) => db.query(sql, params),
      run: (sql, params) => db.run(sql, params),
      export: () => db.export(),
      close: () => {
        try {
          schema ??= readSchema(db);
        } catch {
          // Only after a failed inspection, whose own error is the one to report.
        } finally {
          db.close();
        }
      },
    };
  };
  const inspection = inspectBytes(readingSchemaOnClose, bytes, chain);
  if (!schema) throw new Error('The schema could not be read for the SQL preview.');
  return { inspection, schema };
}

async function open(bytes: Uint8Array): Promise<Opened> {
  const opener = await browserOpener();
  current = null;
  const { inspection, schema } = inspectWithSchema(opener, bytes);
  current = { bytes, schema };
  const target = 'heads';
  return { inspection, preview: { target, plan: inspection.plan, statements: statementsFor(opener, chain, schema, 'upgrade', target) } };
}

/** Up or down: down when every target revision is at or below where the database is. */
function directionTo(from: readonly string[], to: readonly string[]): Direction {
  const below = chain.ancestors(from);
  const same = to.length === from.length && to.every((r) => from.includes(r));
  return !same && to.every((r) => below.has(r)) ? 'downgrade' : 'upgrade';
}

async function migrate(direction: Direction, target: string, onProgress?: ProgressListener): Promise<Outcome> {
  const opener = await browserOpener();
  const { bytes } = loaded();
  let delivered: Promise<unknown> = Promise.resolve();
  const outcome = migrateBytes(opener, bytes, chain, {
    direction,
    target,
    // Through Comlink the listener returns a promise that settles once the page has run it.
    onProgress: (event) => {
      delivered = Promise.resolve(onProgress?.(event) as unknown).catch(() => undefined);
    },
  });
  // Progress travels on the listener's own port and the answer on the worker's, and ports
  // keep no order between them: without this the page could get the result before the last
  // step's progress. Calls on one port stay in order, so the last one settling means all did.
  await delivered;
  const { bytes: out, ...rest } = outcome;
  const [inputSha256, outputSha256] = await Promise.all([sha256(bytes), sha256(out)]);
  return { ...rest, file: new Blob([out as Uint8Array<ArrayBuffer>], { type: 'application/vnd.sqlite3' }), inputSha256, outputSha256 };
}

export const api = {
  revisions(): RevisionInfo[] {
    return chain.ordered.map((r) => ({
      revision: r.revision,
      message: r.message,
      summary: r.summary,
      createDate: r.createDate,
      entropyRelease: r.entropyRelease ?? null,
    }));
  },

  /** Reads a file (a Blob crosses without copying its bytes), keeps it, and inspects it. */
  inspect(file: Blob): Promise<Reply<Opened>> {
    return reply(async () => open(new Uint8Array(await file.arrayBuffer())));
  },

  /** The plan to `target` (any target Alembic accepts), up or down as needed, with its SQL. */
  plan(target: string): Promise<Reply<PlanView>> {
    return reply(async () => {
      const opener = await browserOpener();
      const { bytes, schema } = loaded();
      const { db } = openCopy(opener, bytes);
      let thePlan: Plan;
      try {
        const from = currentRevisions(db, chain);
        const direction = directionTo(from, chain.resolveTarget(target, from));
        thePlan = planFor(db, chain, direction, target);
      } finally {
        db.close();
      }
      return { target, plan: thePlan, statements: statementsFor(opener, chain, schema, thePlan.direction, target) };
    });
  },

  upgrade(target: string, onProgress?: ProgressListener): Promise<Reply<Outcome>> {
    return reply(() => migrate('upgrade', target, onProgress));
  },

  downgrade(target: string, onProgress?: ProgressListener): Promise<Reply<Outcome>> {
    return reply(() => migrate('downgrade', target, onProgress));
  },

  /** Builds a small old-revision database with rows, for people without a file at hand. */
  sample(): Promise<Reply<Sample>> {
    return reply(async () => {
      const bytes = buildEntropyDb(await browserOpener(), SAMPLE);
      return { name: SAMPLE.name, file: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.sqlite3' }) };
    });
  },
};

export type Api = typeof api;
