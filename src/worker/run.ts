/**
 * A run in the page's worker: the engine's run on the checked copy, its progress handed to the
 * page in order, and the new file made into a Blob the page can take without its bytes.
 */
import type { Direction, FileChange, FileKeeper, Migrator, OpenedCopy, ProgressEvent, ProjectDefinition } from '../engine/index.ts';
import { whenReadable } from './blob-ready.ts';
import { folderSource } from './project-folder.ts';
import type { Outcome, ProgressListener } from './protocol.ts';
import { readOwnedSync } from './read-file.ts';
import type { OpenFile } from './session.ts';
import { mark } from './timeline.ts';

export function sqliteBlob(bytes: Uint8Array): Blob {
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/vnd.sqlite3' });
}

export interface PageRun {
  /** The page's answer, but for the run's number, which the caller gives it. */
  readonly outcome: Omit<Outcome, 'run'>;
  /** The project's files as the run left them, for the zip and the write-back. */
  readonly changes: readonly FileChange[];
}

export async function runCopy(
  engine: Migrator,
  project: ProjectDefinition,
  copy: OpenedCopy,
  open: OpenFile,
  request: { readonly direction: Direction; readonly target: string },
  onProgress?: ProgressListener,
  keeper: (FileKeeper & { size(from: string): number }) | null = null,
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
  const keepFiles = keeper ? { keepFiles: keeper } : {};
  const { bytes: out, files, ...rest } = engine.run(copy, { ...request, onProgress: progress, ...(source ? { folder: source } : {}), ...keepFiles }, () => readOwnedSync(file));
  // Progress travels on the listener's own port and the answer on the worker's, and ports
  // keep no order between them: without this the page could get the result before the last
  // step's progress. Calls on one port stay in order, so the last one settling means all did.
  await delivered;
  // The Blob is a copy (the page gets it without its bytes); the receipt's hash is read back
  // from it, so nothing holds `out` once this run has answered, rather than until hashed.
  mark('run progress delivered');
  const blob = sqliteBlob(out);
  mark('run blob made');
  await whenReadable(blob);
  mark('run blob readable');
  // A new file comes as bytes, or 'placed' when the keeper holds it (the page's OPFS staging).
  const sizeOf = (f: FileChange) => (f.kind === 'write' ? f.bytes.length : f.kind === 'place' && keeper ? keeper.size(f.from) : 0);
  const changed = files.map((f) => ({ path: f.path, kind: f.kind === 'remove' ? ('remove' as const) : ('write' as const), existed: folder?.has(f.path) ?? false, sizeBytes: sizeOf(f) }));
  return { outcome: { ...rest, files: changed, file: blob }, changes: files };
}
