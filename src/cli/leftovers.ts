/**
 * Temporary files a run makes, announced before they exist. A run in a worker that is
 * stopped (Ctrl-C) or runs out of its memory budget is ended from outside, so its own
 * `finally` blocks never run: the main thread removes what was announced instead. Every
 * name is one this process owns (it holds the pid), so removing it is always safe, and
 * after a normal run the announcements are simply dropped.
 */
let announce: ((path: string) => void) | null = null;

/** Set by the worker (worker-run.ts); without one (in-process), the run's own cleanup is enough. */
export function onTemporaryFile(listener: ((path: string) => void) | null): void {
  announce = listener;
}

/** Called before `path` is created. */
export function temporaryFile(path: string): string {
  announce?.(path);
  return path;
}
