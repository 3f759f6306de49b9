/**
 * `npm run migration:new -- -m "<short description>" [--head REV] [--rev-id ID] [--release V]
 * [--project FILE]`, as `alembic revision -m`: an empty revision on top of the head, with the
 * words people read (its titles), registered, with a test that fails until its upgrade and
 * downgrade are written.
 */
import { loadProject, type Project } from './project.ts';
import { BODY_INDENT } from './render.ts';
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

export interface NewMigrationOptions {
  readonly message?: string;
  readonly head?: string;
  readonly revId?: string;
  /** The release that first ships the revision; without it the file gets a TODO line. */
  readonly release?: string;
  readonly now?: Date;
}

export function newMigration(project: Project, options: NewMigrationOptions): WrittenRevision {
  const message = requireMessage(options.message);
  const downRevision = downRevisionFor(project.chain, options.head);
  const revision = revisionIdFor(project.chain, options.revId);
  const release = releaseFor(options.release);
  const notYet = (direction: string) => ({
    usesOp: false,
    lines: [`${BODY_INDENT}throw new NotImplementedError('${revision}', '${direction}');`],
  });
  return writeRevision(project, {
    doc: `${message}.`,
    revision,
    downRevision,
    message,
    createDate: createDateOf(options.now ?? new Date()),
    summary: message,
    release,
    projectName: project.definition.name,
    imports: ['NotImplementedError'],
    upgrade: notYet('upgrade'),
    downgrade: notYet('downgrade'),
  });
}

export function nextSteps(written: WrittenRevision, release: string | null): string[] {
  return [
    wroteLine(written),
    'Next: write upgrade(op) and downgrade(op), say in `summary` what the revision does to a database, put `title` and `undoTitle` in your users\' words, and add checks to the test.',
    ...releaseReminder(written, release),
  ];
}

if (isEntryPoint(import.meta.url)) {
  await runTool('migration:new', async () => {
    const { values } = parseToolArgs(process.argv.slice(2), {
      message: { type: 'string', short: 'm' },
      head: { type: 'string' },
      'rev-id': { type: 'string' },
      release: { type: 'string' },
      project: { type: 'string' },
    });
    const written = newMigration(await loadProject(process.cwd(), values.project), { ...values, revId: values['rev-id'] });
    for (const line of nextSteps(written, releaseFor(values.release))) process.stdout.write(`${line}\n`);
  });
}
