/**
 * Writing a new revision into the project: its id and file name (Entropy's Alembic
 * file_template, `<YYYY-MM-DD-HH-MM-SS>_<rev>_<slug>`), its place in the registry, and a
 * test file for it. Shared by migration:new, migration:autogenerate and merge.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { Chain } from '../engine/index.ts';
import { DevtoolError, developmentOf, ENGINE_MODULE, importSpecifier, type Project } from './project.ts';
import { renderMigration, type MigrationSource } from './render.ts';
import { renderMigrationTest } from './test-file.ts';

const REGISTRY_MARKER = '// migration:new inserts here';
const REVISION_ID = /^[A-Za-z0-9_]+$/;
// Alembic's truncate_slug_length.
const SLUG_LENGTH = 40;

/** A fresh revision id: 12 hex digits, as Alembic's uuid4().hex[-12:]. */
function newRevisionId(): string {
  return randomBytes(6).toString('hex');
}

/** Alembic's slug: the message's words, lower case, joined by "_", cut at a word. */
export function slugify(message: string): string {
  const slug = (message.match(/[\p{L}\p{N}_]+/gu) ?? []).join('_').toLowerCase();
  return slug.length > SLUG_LENGTH ? `${slug.slice(0, SLUG_LENGTH).replace(/_[^_]*$/, '')}_` : slug;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "YYYY-MM-DD HH:MM:SS" in UTC, the createDate of a migration. */
export function createDateOf(now: Date): string {
  return `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())} ${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())}`;
}

export function migrationFileName(createDate: string, revision: string, message: string): string {
  return `${createDate.replace(/[ :]/g, '-')}_${revision}_${slugify(message)}.ts`;
}

/** The revision a new one goes on top of: the head, or the one named with --head. */
export function downRevisionFor(chain: Chain, head?: string): string {
  const heads = chain.heads;
  if (head !== undefined) {
    const id = chain.resolveId(head);
    if (!heads.includes(id)) throw new DevtoolError(`--head ${head}: ${id} is not a head (the heads are ${heads.join(', ')}).`);
    return id;
  }
  if (heads.length === 0) throw new DevtoolError('The chain has no revisions to build on.');
  if (heads.length > 1) {
    throw new DevtoolError(
      `The chain has several heads (${heads.join(', ')}). Say which one the new revision follows with --head REV, or join them first with "npm run migration:merge -- -m <message> ${heads.join(' ')}".`,
    );
  }
  return heads[0]!;
}

/** A revision id given with --rev-id, or a fresh one; never one the chain already has. */
export function revisionIdFor(chain: Chain, requested?: string): string {
  if (requested === undefined) return newRevisionId();
  if (!REVISION_ID.test(requested)) throw new DevtoolError(`--rev-id "${requested}": use letters, digits and "_" only.`);
  if (chain.has(requested)) throw new DevtoolError(`--rev-id "${requested}": the chain already has that revision.`);
  return requested;
}

/** The --release value: the version a user knows the release by, as written. */
export function releaseFor(release: string | undefined): string | null {
  if (release === undefined) return null;
  const trimmed = release.trim();
  if (!trimmed || !/^[\p{L}\p{N}._+-]+$/u.test(trimmed)) {
    throw new DevtoolError(`--release "${release}": give the version of the release that first ships the revision, e.g. --release 0.16.0.`);
  }
  return trimmed;
}

/** What the tools print when the new revision has no release yet. */
export function releaseReminder(written: WrittenRevision, release: string | null): string[] {
  return release === null
    ? [`Before it ships, replace the TODO in ${written.file} with release: '<version>' (the release that first ships ${written.revision}; users see it in history and in upgrade messages), or pass --release next time.`]
    : [];
}

export function requireMessage(message: string | undefined): string {
  const trimmed = message?.trim();
  if (!trimmed) throw new DevtoolError('Give the revision a short description with -m "<message>".');
  return trimmed;
}

/** The registry's text (`registryFile`) with the revision's import and array entry added at the marker. */
export function registered(registry: string, registryFile: string, fileName: string, revision: string): string {
  const lines = registry.split('\n');
  const marker = lines.findIndex((l) => l.trim() === REGISTRY_MARKER);
  if (marker < 0) throw new DevtoolError(`${registryFile} has no "${REGISTRY_MARKER}" line; put it back at the end of the migrations array.`);
  const lastImport = lines.reduce((at, line, i) => (/^import \w+ from '\.\/.+';$/.test(line) ? i : at), -1);
  const name = `m${revision}`;
  lines.splice(marker, 0, `${lines[marker]!.match(/^\s*/)![0]}${name},`);
  lines.splice(lastImport + 1, 0, `import ${name} from './${fileName}';`);
  return lines.join('\n');
}

function writeNew(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { flag: 'wx' });
}

export interface WrittenRevision {
  readonly revision: string;
  /** Paths relative to the project root. */
  readonly file: string;
  readonly test: string | null;
  readonly registry: string;
}

/** What the tools print once a revision is written. */
export function wroteLine(written: WrittenRevision): string {
  return `Wrote ${written.file}${written.test ? ` and ${written.test}` : ''}, and registered ${written.revision} in ${written.registry}.`;
}

/**
 * Writes the migration file beside the project's registry, registers it, and writes its test
 * where the project keeps them (unless `withTest` is false: a merge runs no code of its own).
 */
export function writeRevision(project: Project, source: MigrationSource, withTest = true): WrittenRevision {
  const fileName = migrationFileName(source.createDate, source.revision, source.message);
  const file = posix.join(project.folder, fileName);
  const development = withTest ? developmentOf(project) : null;
  const test = development ? posix.join(development.tests, `${source.revision}.test.ts`) : null;
  // Everything is worked out (and every refusal made) before the first file is written.
  const registryPath = join(project.root, project.registry);
  const registry = registered(readFileSync(registryPath, 'utf8'), project.registry, fileName, source.revision);
  const migration = renderMigration(source, importSpecifier(file, ENGINE_MODULE));
  const testText = development && test ? renderMigrationTest(source, { file: test, registry: project.registry, builder: development.builder }) : null;
  for (const path of [file, test]) {
    if (path && existsSync(join(project.root, path))) throw new DevtoolError(`${path} already exists; nothing was written.`);
  }
  writeNew(join(project.root, file), migration);
  if (test && testText) writeNew(join(project.root, test), testText);
  writeFileSync(registryPath, registry);
  return { revision: source.revision, file, test, registry: project.registry };
}
