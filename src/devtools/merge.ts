/**
 * A merge revision, as `alembic merge`: one revision whose downRevision lists the heads it
 * joins, so the chain has a single head again. It changes nothing itself.
 */
import { readdirSync } from 'node:fs';
import type { Chain } from '../engine/index.ts';
import { DevtoolError, type Project } from './project.ts';
import { createDateOf, requireMessage, revisionIdFor, writeRevision, type WrittenRevision } from './scaffold.ts';

export interface MergeOptions {
  readonly message?: string;
  /** Revisions (or unique prefixes) to join; the chain's heads when empty or "heads". */
  readonly revisions: readonly string[];
  readonly revId?: string;
  readonly now?: Date;
}

/**
 * The bundled CLI carries the chain it was built with; a revision file in the project's
 * folder (`folder`, a path) that it does not know means the bundle is older than the
 * project, and a merge would miss a head.
 */
export function checkChainIsCurrent(folder: string, chain: Chain): void {
  const onDisk = readdirSync(folder)
    .map((file) => /^\d{4}(?:-\d\d){5}_([A-Za-z0-9_]+?)_/.exec(file)?.[1])
    .filter((id): id is string => id !== undefined);
  const unknown = onDisk.filter((id) => !chain.has(id));
  if (unknown.length) {
    throw new DevtoolError(
      `This entropy-migrate was built before revision(s) ${unknown.join(', ')} were added. Rebuild it with "npm run build:cli", or run it from source: "npx tsx src/cli/bin.ts ...".`,
    );
  }
}

function revisionsToJoin(chain: Chain, requested: readonly string[]): string[] {
  const ids = requested.length === 0 || (requested.length === 1 && requested[0] === 'heads') ? chain.heads : [...new Set(requested.map((r) => chain.resolveId(r)))];
  if (ids.length < 2) throw new DevtoolError(`There is nothing to merge: ${ids.length ? `only ${ids[0]}` : 'no revision'} was given, and the chain has ${chain.heads.length} head(s).`);
  for (const id of ids) {
    const above = ids.find((other) => other !== id && chain.ancestors([other]).has(id));
    if (above) throw new DevtoolError(`${id} is already below ${above}; merge only revisions on separate lines (usually the heads).`);
  }
  return ids;
}

export function mergeRevisions(project: Project, options: MergeOptions): WrittenRevision {
  const { chain } = project;
  const message = requireMessage(options.message);
  const downRevision = revisionsToJoin(chain, options.revisions);
  const revision = revisionIdFor(chain, options.revId);
  return writeRevision(
    project,
    {
      doc: `${message}.`,
      revision,
      downRevision,
      message,
      createDate: createDateOf(options.now ?? new Date()),
      summary: `Joins the lines ending at ${downRevision.join(' and ')}; changes nothing itself.`,
      imports: [],
      upgrade: { usesOp: false, lines: [] },
      downgrade: { usesOp: false, lines: [] },
    },
    // A merge runs no code of its own; the revisions it joins carry the tests.
    false,
  );
}
