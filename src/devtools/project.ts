/**
 * The project the developer tools work on: a folder with migrations/index.ts (the registry)
 * and migrations/model.ts (the declared schema). Tools take its root as a parameter, so
 * tests can point them at a temporary copy.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MigrateError, type Chain, type ProjectDefinition, type Schema } from '../engine/index.ts';

export const MIGRATIONS_DIR = 'migrations';
export const REGISTRY_FILE = join(MIGRATIONS_DIR, 'index.ts');
const MODEL_FILE = join(MIGRATIONS_DIR, 'model.ts');

/** A developer tool was used the wrong way, or on a project it cannot work on. */
export class DevtoolError extends MigrateError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'DevtoolError';
  }
}

export interface Project {
  readonly root: string;
  readonly definition: ProjectDefinition;
  readonly chain: Chain;
}

let loads = 0;

/**
 * Imports a TypeScript module of the project as it is on disk now. The query string makes
 * each load a new module instance, so a long-lived process (a test run) sees revisions a
 * tool has just written instead of the registry it imported before.
 */
async function importFresh<T>(root: string, file: string): Promise<T> {
  const path = join(root, file);
  if (!existsSync(path)) throw new DevtoolError(`"${root}" has no ${file}: developer commands work in a checkout of entropy-migrate; run them from its folder with "npm run migration:...".`);
  return (await import(`${pathToFileURL(path).href}?load=${++loads}`)) as T;
}

export async function loadProject(root: string): Promise<Project> {
  const registry = await importFresh<{ project: ProjectDefinition }>(root, REGISTRY_FILE);
  return { root, definition: registry.project, chain: registry.project.chain };
}

export async function loadModel(root: string): Promise<Schema> {
  return (await importFresh<{ model: Schema }>(root, MODEL_FILE)).model;
}
