/**
 * The project the developer tools work on, found as Alembic finds its script_location: the
 * checkout's package.json names the registry (`"devtools": { "project": "migrations/index.ts" }`,
 * or --project FILE), a module that lists the revisions and exports the project's definition
 * as `project`. Revision files go beside the registry; the definition's `development` says
 * where the model, the revision tests and their builder are. Tools take the root as a
 * parameter, so tests can point them at a temporary copy.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MigrateError, type Chain, type ProjectDefinition, type ProjectDevelopment, type Schema } from '../engine/index.ts';

/** Where this checkout's engine and sql.js adapter are, for the imports of generated files. */
export const ENGINE_MODULE = 'src/engine/index.ts';
export const NODE_SQLJS_MODULE = 'src/sqljs/node.ts';

/** A developer tool was used the wrong way, or on a project it cannot work on. */
export class DevtoolError extends MigrateError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'DevtoolError';
  }
}

export interface Project {
  readonly root: string;
  /** The registry, relative to root (POSIX): it lists the revisions and exports `project`. */
  readonly registry: string;
  /** Where revision files go: the registry's folder, relative to root. */
  readonly folder: string;
  readonly definition: ProjectDefinition;
  readonly chain: Chain;
}

/** The registry package.json names for the developer tools, relative to root. */
export function configuredRegistry(root: string): string {
  const manifest = join(root, 'package.json');
  if (!existsSync(manifest)) throw new DevtoolError(`"${root}" has no package.json: run the developer commands from the project's folder with "npm run migration:...".`);
  const registry = (JSON.parse(readFileSync(manifest, 'utf8')) as { devtools?: { project?: unknown } }).devtools?.project;
  if (typeof registry !== 'string' || !registry) {
    throw new DevtoolError(`${manifest} does not name the project: add "devtools": { "project": "<folder>/index.ts" } (the registry that exports \`project\`), or pass --project FILE.`);
  }
  return registry;
}

let loads = 0;

/**
 * Imports a TypeScript module of the project as it is on disk now. The query string makes
 * each load a new module instance, so a long-lived process (a test run) sees revisions a
 * tool has just written instead of the registry it imported before.
 */
async function importFresh<T>(root: string, file: string): Promise<T> {
  const path = join(root, file);
  if (!existsSync(path)) throw new DevtoolError(`"${root}" has no ${file}: run the developer commands from the project's folder with "npm run migration:...".`);
  return (await import(`${pathToFileURL(path).href}?load=${++loads}`)) as T;
}

/** The project whose registry is `registry` (relative to root; by default the configured one). */
export async function loadProject(root: string, registry = configuredRegistry(root)): Promise<Project> {
  const file = posix.normalize(registry.split('\\').join('/'));
  const definition = (await importFresh<{ project?: ProjectDefinition }>(root, file)).project;
  if (!definition?.chain) throw new DevtoolError(`${file} does not export the project's definition as \`project\` (export const project = defineProject({ ... })).`);
  return { root, registry: file, folder: posix.dirname(file), definition, chain: definition.chain };
}

/** What the project says of its model, revision tests and builder; the tools that need it refuse without. */
export function developmentOf(project: Project): ProjectDevelopment {
  const development = project.definition.development;
  if (!development) {
    throw new DevtoolError(`${project.definition.name} (${project.registry}) does not say where its model and revision tests are: give its defineProject a \`development\` entry.`);
  }
  return development;
}

export async function loadModel(project: Project): Promise<Schema> {
  const file = developmentOf(project).model;
  const model = (await importFresh<{ model?: Schema }>(project.root, file)).model;
  if (!model?.tables) throw new DevtoolError(`${file} does not export the declared schema as \`model\`.`);
  return model;
}

/** The specifier by which the file at `from` imports the file at `to` (both relative to the root). */
export function importSpecifier(from: string, to: string): string {
  const path = posix.relative(posix.dirname(from), to);
  return path.startsWith('.') ? path : `./${path}`;
}
