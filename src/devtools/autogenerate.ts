/**
 * `npm run migration:autogenerate -- -m "<short description>" [--db FILE] [--head REV]
 * [--rev-id ID] [--release V] [--project FILE]`, as `alembic revision --autogenerate`: compares
 * the project's declared model with a database at head (by default one built by running the
 * chain on an empty database) and writes a migration whose upgrade and downgrade make the
 * difference, for review.
 */
import { readFileSync } from 'node:fs';
import { currentRevisions, introspect, Migrator, type DbFile, type Schema } from '../engine/index.ts';
import { nodeOpener } from '../sqljs/node.ts';
import { compareSchemas, UNDETECTABLE, type Comparison } from './compare.ts';
import { DevtoolError, developmentOf, loadModel, loadProject, type Project } from './project.ts';
import { BODY_INDENT, OpRenderer } from './render.ts';
import { isEntryPoint, parseToolArgs, runTool } from './run-tool.ts';
import {
  createDateOf,
  downRevisionFor,
  releaseFor,
  releaseReminder,
  requireMessage,
  revisionIdFor,
  writeRevision,
  wroteLine,
  type WrittenRevision,
} from './scaffold.ts';

export interface AutogenerateOptions {
  readonly message?: string;
  /** A database file to compare with instead of one built from the chain; it must be at head. */
  readonly db?: string;
  readonly head?: string;
  readonly revId?: string;
  /** The release that first ships the revision; without it the file gets a TODO line. */
  readonly release?: string;
  readonly now?: Date;
}

export interface AutogenerateResult {
  readonly comparison: Comparison;
  /** null when nothing differs (no file is written then). */
  readonly written: WrittenRevision | null;
  /** The release written into the file; null when it has a TODO line instead. */
  readonly release: string | null;
  /** The model file compared with, relative to the project's root. */
  readonly model: string;
}

function readDatabaseFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new DevtoolError(`Cannot read --db ${file}: ${(error as Error).message}.`);
  }
}

async function databaseSchema(project: Project, downRevision: string, file: string | undefined): Promise<Schema> {
  const migrator = new Migrator(await nodeOpener(), project.definition);
  const db: DbFile = file === undefined ? migrator.build(downRevision) : migrator.openCopy(readDatabaseFile(file)).db;
  try {
    // A database built from the chain is at downRevision by construction; a --db file may not be.
    const at = file === undefined ? [downRevision] : currentRevisions(db, project.chain);
    if (at.length !== 1 || at[0] !== downRevision) {
      throw new DevtoolError(
        `${file} is at ${at.join(', ') || 'base'}, not at ${downRevision}: the new revision goes on top of ${downRevision}, so compare with a database there (upgrade it first).`,
      );
    }
    return introspect(db, { skipVersionTable: true });
  } finally {
    db.close();
  }
}

export async function autogenerate(project: Project, declared: Schema, options: AutogenerateOptions): Promise<AutogenerateResult> {
  const message = requireMessage(options.message);
  const downRevision = downRevisionFor(project.chain, options.head);
  const revision = revisionIdFor(project.chain, options.revId);
  const release = releaseFor(options.release);
  const model = developmentOf(project).model;
  const comparison = compareSchemas(await databaseSchema(project, downRevision, options.db), declared);
  if (!comparison.upgrade.length) return { comparison, written: null, release, model };
  const renderer = new OpRenderer();
  const upgrade = renderer.block(comparison.upgrade, BODY_INDENT);
  const downgrade = renderer.block(comparison.downgrade, BODY_INDENT);
  const summary = comparison.changes.join('; ');
  const written = writeRevision(project, {
    doc: `${message}. Generated from ${model} by migration:autogenerate.`,
    revision,
    downRevision,
    message,
    createDate: createDateOf(options.now ?? new Date()),
    summary: `${summary[0]!.toUpperCase()}${summary.slice(1)}.`,
    release,
    projectName: project.definition.name,
    imports: renderer.usesTypes ? ['types as t'] : [],
    upgrade: { usesOp: true, lines: upgrade },
    downgrade: { usesOp: true, lines: downgrade },
  });
  return { comparison, written, release, model };
}

/** What the command prints: Alembic's "Detected ..." list, warnings, and what to review. */
export function report(result: AutogenerateResult): string[] {
  const { comparison, written, release, model } = result;
  if (!written) {
    return [`No changes detected between ${model} and the database; nothing written. For a change autogenerate cannot see, use migration:new.`];
  }
  return [
    ...comparison.changes.map((change) => `Detected: ${change}`),
    ...comparison.notices.map((notice) => `Check: ${notice}`),
    wroteLine(written),
    'Review the generated upgrade and downgrade before committing, and adjust them: autogenerate cannot detect',
    ...UNDETECTABLE.map((item) => `  - ${item}`),
    ...releaseReminder(written, release),
  ];
}

if (isEntryPoint(import.meta.url)) {
  await runTool('migration:autogenerate', async () => {
    const { values } = parseToolArgs(process.argv.slice(2), {
      message: { type: 'string', short: 'm' },
      db: { type: 'string' },
      head: { type: 'string' },
      'rev-id': { type: 'string' },
      release: { type: 'string' },
      project: { type: 'string' },
    });
    const project = await loadProject(process.cwd(), values.project);
    const result = await autogenerate(project, await loadModel(project), { ...values, revId: values['rev-id'] });
    for (const line of report(result)) process.stdout.write(`${line}\n`);
  });
}
