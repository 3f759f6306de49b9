/**
 * A named moment of the worker's work on the performance timeline, for a profiler (DevTools'
 * Performance panel, the benchmark's phase breakdown): marks cost next to nothing.
 */
export function mark(name: string): void {
  performance.mark(`worker:${name}`);
}
