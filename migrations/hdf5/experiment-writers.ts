/**
 * Who writes the experiments' files during the move: the run's own thread, one after the
 * other, or, when the host offers a pool of threads (the CLI), those threads and this one
 * side by side: an experiment goes to a free thread of the pool, else is written here, while
 * the next one is read and decoded. h5wasm's writes and read-backs are most of a whole-project
 * run; each thread has its own h5wasm.
 *
 * Whatever ran where, the result is the one-by-one result: files are staged in the order
 * experiments came, and a failure is the one the first failing experiment gives, once every
 * experiment before it has been staged (a later one's finished file is dropped).
 */
import type { JobPool, ProjectFiles } from '../../src/engine/index.ts';
import { toWire, writeExperimentFile, type ExperimentJob, type ExperimentWritten } from './experiment-file.ts';
import type { IdText } from './ids.ts';
import { experimentFile, type UtcOffset, type writeRow } from './layout.ts';
import type { DecodedRow, Entity } from './rows.ts';

export type ExperimentPool = JobPool<ExperimentJob, ExperimentWritten>;

export interface WritersDone {
  readonly storedAsPickle: number;
  readonly readBack: { readonly results: number; readonly metadata: number };
  /** The rows whose files were staged, in the order of the experiments. */
  readonly moved: readonly { readonly entity: Entity; readonly id: IdText }[];
}

export interface ExperimentWriters {
  /**
   * Writes (or hands out) experiment `id`'s file, `existing` (null: none yet) with `rows`,
   * which add about `expectedBytes` to it; stages every file finished in order.
   */
  add(id: IdText, rows: readonly DecodedRow[], existing: Uint8Array | null, expectedBytes?: number): void;
  /** Waits for every file handed out and stages it; throws the first experiment's failure. */
  finish(): WritersDone;
  /** Ends the pool's threads: after finish, or when the run stops. */
  close(): void;
}

interface Entry {
  readonly id: IdText;
  readonly path: string;
  readonly rows: readonly { readonly entity: Entity; readonly id: IdText }[];
  ticket: number | null;
  outcome: { written: ExperimentWritten } | { error: unknown } | null;
}

/**
 * Writers that stage into `files`. `pool` may be null (everything here); `offset` and `write`
 * are for tests (a corrupting writer), and keep the work in this thread, where they are.
 */
export function experimentWriters(files: ProjectFiles, pool: ExperimentPool | null, offset?: UtcOffset, write?: typeof writeRow): ExperimentWriters {
  const waiting: Entry[] = [];
  let failed = false;
  const done = { storedAsPickle: 0, readBack: { results: 0, metadata: 0 }, moved: [] as { entity: Entity; id: IdText }[] };

  const settle = (answer: NonNullable<ReturnType<ExperimentPool['receive']>>) => {
    const entry = waiting.find((e) => e.ticket === answer.ticket)!;
    entry.outcome = 'value' in answer ? { written: answer.value } : { error: answer.error };
    failed ||= 'error' in answer;
  };
  // Stages the finished files at the head of the line; the first failure there is the run's.
  const stageFinished = () => {
    while (waiting[0]?.outcome) {
      const entry = waiting.shift()!;
      const outcome = entry.outcome!;
      if ('error' in outcome) throw outcome.error;
      // Nothing reads them again: read back before they came here, kept out of memory from here.
      files.writeOwned(entry.path, outcome.written.bytes);
      done.storedAsPickle += outcome.written.storedAsPickle;
      done.readBack.results += outcome.written.readBack.results;
      done.readBack.metadata += outcome.written.readBack.metadata;
      done.moved.push(...entry.rows);
    }
  };
  const collect = (wait: boolean) => {
    for (let answer; pool && pool.outstanding > 0 && (answer = pool.receive(wait)); wait = false) settle(answer);
  };

  const finish = (): WritersDone => {
    while (waiting.length) {
      if (!waiting[0]!.outcome) {
        if (!pool || pool.outstanding === 0) throw new Error(`the file of experiment ${waiting[0]!.id} was handed out and never answered`);
        collect(true);
      }
      stageFinished();
    }
    return done;
  };

  return {
    add(id, rows, existing, expectedBytes = 0) {
      const path = experimentFile(id);
      const entry: Entry = { id, path, rows: rows.map((r) => ({ entity: r.entity, id: r.id })), ticket: null, outcome: null };
      collect(false);
      // An experiment whose work could not even start fails in its turn, as one it started would.
      try {
        if (pool && pool.outstanding < pool.size) entry.ticket = pool.send({ id, path, existing, rows: rows.map(toWire), expectedBytes } satisfies ExperimentJob);
        else entry.outcome = { written: writeExperimentFile(id, path, existing, rows, expectedBytes, offset, write) };
      } catch (error) {
        entry.outcome = { error };
        failed = true;
      }
      waiting.push(entry);
      stageFinished();
      // A later experiment failed while an earlier one is still out: no more work; its turn decides.
      if (failed) finish();
    },
    finish,
    close: () => pool?.close(),
  };
}
