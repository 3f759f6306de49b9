// The case worker is TypeScript; a worker thread does not inherit the parent's loader, so
// it registers tsx for itself before loading the worker.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./case-worker.ts', import.meta.url).href);
