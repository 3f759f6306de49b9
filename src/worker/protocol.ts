/**
 * What crosses between the page and the worker: the answers' shapes, all plain data or Blobs
 * (structured clone carries them; a Blob crosses without its bytes). The page imports these
 * as types only.
 *
 * Every method answers with a Reply instead of throwing: Comlink would turn a thrown
 * MigrateError into a plain Error and lose its `code`, so errors cross as ErrorInfo data and
 * the page rebuilds them with errorFromInfo.
 */
import { toErrorInfo, type ErrorInfo, type Inspection, type MigrateOutcome, type Plan, type ProgressEvent } from '../engine/index.ts';

export type { PageProject, RevisionInfo, SampleMaker } from './page-project.ts';
export type { WrittenBack } from './project-folder.ts';

export type Reply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

/** Runs `work` and answers what it returned, or the error it threw, as data. */
export async function reply<T>(work: () => Promise<T>): Promise<Reply<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

export interface PlanView {
  readonly target: string;
  readonly plan: Plan;
  /** The SQL of each step (same order as plan.steps), recorded on a schema-only copy. */
  readonly statements: readonly (readonly string[])[];
  /** True when a whole project folder is open: the run changes its files too. */
  readonly whole: boolean;
  /** The project's work on its files after the chain (moving results into HDF5 files), in words. */
  readonly finishing: readonly FinishingView[];
  /** For the database alone: what the run would leave undone that a whole-project run does. */
  readonly leftUndone: readonly string[];
}

export interface FinishingView {
  readonly title: string;
  /** What will be done, a sentence each; [] when nothing. */
  readonly changes: readonly string[];
  readonly warnings: readonly string[];
  /** Why the run would stop before writing anything, in one sentence; null when it can go on. */
  readonly stops: string | null;
}

/** A file the run changed in the project folder (its bytes stay in the worker). */
export interface ChangedFile {
  readonly path: string;
  readonly kind: 'write' | 'remove';
  /** Whether the folder had the file before (a write then replaces it). */
  readonly existed: boolean;
  readonly sizeBytes: number;
}

export interface Opened {
  readonly inspection: Inspection;
  /**
   * Triggers on the version table, by name: they run at every step of a run (not in the
   * preview, which leaves them out), so one that never ends holds the run until cancelled.
   */
  readonly versionTriggers: readonly string[];
  /** The upgrade to head, with its SQL. */
  readonly preview: PlanView;
}

export interface Outcome extends Omit<MigrateOutcome, 'bytes' | 'files'> {
  /** What the run changed among the project's other files; [] for the database alone. */
  readonly files: readonly ChangedFile[];
  /**
   * The new file, made into a Blob here: a Blob crosses to the page without its bytes, so
   * the page's thread never copies hundreds of megabytes (that copy was its longest task).
   */
  readonly file: Blob;
  /** Which run this was, to ask for its hashes (api.hashes), which come after the file. */
  readonly run: number;
}

/**
 * SHA-256 of the input file and of the new file, hex; the input's is null if the file could
 * not be read again. Computed after the run has answered, so that hashing twice the file's
 * size does not hold back the download.
 */
export interface Hashes {
  readonly inputSha256: string | null;
  readonly outputSha256: string | null;
}

export interface Sample {
  readonly name: string;
  readonly file: Blob;
}

export type ProgressListener = (event: ProgressEvent) => void;
