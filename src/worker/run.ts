/**
 * A run in the page's worker: the engine's run on the checked copy, its progress handed to the
 * page in order, and the new file made into a Blob the page can take without its bytes.
 */
import { releaseBytes, type Direction, type FileChange, type Migrator, type OpenedCopy, type ProgressEvent, type ProjectDefinition } from '../engine/index.ts';
import { whenReadable } from './blob-ready.ts';
import { folderSource } from './project-folder.ts';
import type { Outcome, ProgressListener } from './protocol.ts';
import type { RunStaging } from './run-staging.ts';
import { readOwnedSync } from './read-file.ts';
import type { OpenFile } from './session.ts';
import { mark } from './timeline.ts';

const SQLITE_TYPE = 'application/vnd.sqlite3';

export function sqliteBlob(bytes: Uint8Array): Blob {
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: SQLITE_TYPE });
}

export interface PageRun {
  /** The page's answer, but for the run's number, which the caller gives it. */
  readonly outcome: Omit<Outcome, 'run'>;
  /** The project's files as the run left them, for the zip and the write-back. */
  readonly changes: readonly FileChange[];
  /** The new database's name in the run's staging, when it is kept there. */
  readonly databaseKept: string | null;
}

export async function runCopy(
  engine: Migrator,
  project: ProjectDefinition,
  copy: OpenedCopy,
  open: OpenFile,
  request: { readonly direction: Direction; readonly target: string },
  onProgress?: ProgressListener,
  staging: RunStaging | null = null,
): Promise<PageRun> {
  const { file, folder } = open;
  let delivered: Promise<unknown> = Promise.resolve();
  // Through Comlink the listener returns a promise that settles once the page has run it.
  const progress = (event: ProgressEvent) => {
    mark(`run ${event.kind === 'phase' ? event.phase : `${event.kind} ${event.index + 1}`}`);
    delivered = Promise.resolve(onProgress?.(event) as unknown).catch(() => undefined);
  };
  progress({ kind: 'phase', phase: 'opened' });
  const source = folder ? folderSource(folder, project.layout.wantsFile) : undefined;
  // The after-failure check needs the untouched file: sql.js wrote into the copy's bytes.
  const keepFiles = staging ? { keepFiles: staging } : {};
  const { bytes: out, files, ...rest } = engine.run(copy, { ...request, onProgress: progress, ...(source ? { folder: source } : {}), ...keepFiles }, () => readOwnedSync(file));
  // Progress travels on the listener's own port and the answer on the worker's, and ports
  // keep no order between them: without this the page could get the result before the last
  // step's progress. Calls on one port stay in order, so the last one settling means all did.
  await delivered;
  mark('run progress delivered');
  const { blob, kept: databaseKept } = await deliverable(out, project.layout.database, staging);
  mark('run blob readable');
  // A new file comes as bytes, or 'placed' when the staging holds it.
  const sizeOf = (f: FileChange) => (f.kind === 'write' ? f.bytes.length : f.kind === 'place' && staging ? staging.size(f.from) : 0);
  const changed = files.map((f) => ({ path: f.path, kind: f.kind === 'remove' ? ('remove' as const) : ('write' as const), existed: folder?.has(f.path) ?? false, sizeBytes: sizeOf(f) }));
  return { outcome: { ...rest, files: changed, file: blob }, changes: files, databaseKept };
}

/**
 * The new database as a Blob the page takes without its bytes, `out` let go of on the way:
 * nothing holds it once this run has answered (the receipt's hash is read back from the Blob).
 * A whole-project run adds it to its OPFS staging, sealed here, and gets a Blob read from
 * disk: in memory the Blob would be another copy, which with `out` not yet collected was the
 * page's peak (2.9x a 237 MB database above idle). Without staging the Blob is that copy,
 * and `out` goes as soon as it is made.
 */
async function deliverable(out: Uint8Array, database: string, staging: RunStaging | null): Promise<{ blob: Blob; kept: string | null }> {
  if (!staging) {
    const blob = sqliteBlob(out);
    releaseBytes(out);
    mark('run blob made');
    return { blob: await whenReadable(blob), kept: null };
  }
  const kept = staging.keep(database, out);
  releaseBytes(out);
  await staging.seal();
  mark('run blob made');
  const file = staging.blob(kept);
  return { blob: await whenReadable(new Blob([file], { type: SQLITE_TYPE })), kept };
}
