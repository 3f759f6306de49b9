/**
 * The plan of a run: where the database is (its recorded revisions, checked against the
 * chain), which way the target lies, and the steps to it with each script's words for people.
 * Reading only: nothing here writes to the database (runner.ts runs a plan).
 */
import type { Db } from '../db.ts';
import { SeveralDbHeadsError, UnknownDbRevisionError } from '../errors.ts';
import type { Chain } from '../project/definition.ts';
import type { ProjectFiles } from '../project/files.ts';
import { readVersions } from './version-table.ts';

export type Direction = 'upgrade' | 'downgrade';
export type { Chain };

export interface PlannedStep {
  readonly revision: string;
  readonly direction: Direction;
  readonly message: string;
  readonly summary: string;
  /** The first release of the project that shipped the revision. */
  readonly release: string | null;
  readonly changesDatabase: boolean;
  /** The project files the step changes, named for people ("params.json"); null when none. */
  readonly changesProjectFiles: string | null;
  readonly warnings: readonly string[];
  /** The script's title for people in this direction, or its message when it has none. */
  readonly title: string;
  /** One line on what the step means for the user's data; null when the script has none. */
  readonly explanation: string | null;
  /** For a downgrade step: what it deletes or sets aside, one sentence each. */
  readonly losses: readonly string[];
}

export interface Plan {
  readonly direction: Direction;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly steps: readonly PlannedStep[];
}

/**
 * The revisions the database is at, checked against the chain: every recorded revision must
 * be known, and no recorded revision may be an ancestor of another (that is not a real set
 * of heads but a table edited by hand).
 */
export function currentRevisions(db: Db, chain: Chain): string[] {
  const recorded = readVersions(db);
  const unknown = recorded.filter((r) => !chain.has(r));
  if (unknown.length) throw new UnknownDbRevisionError(unknown);
  if (recorded.length > 1) {
    const tangled = recorded.some((r) =>
      recorded.some((other) => other !== r && chain.ancestors([other]).has(r)),
    );
    if (tangled) throw new SeveralDbHeadsError(recorded);
  }
  return recorded;
}

/**
 * Which way a run from `from` to `to` goes: down when every target revision is at or below
 * where it starts, null when the two are the same.
 */
export function directionBetween(chain: Chain, from: readonly string[], to: readonly string[]): Direction | null {
  const below = chain.ancestors(from);
  const above = chain.ancestors(to);
  if (![...above].every((id) => below.has(id))) return 'upgrade';
  return above.size === below.size ? null : 'downgrade';
}

/**
 * Whether a plan's words that read the database (warnings, explanation, losses) are worked
 * out: 'counted' for a plan people read; 'uncounted' for the plan a run follows, which needs
 * only the steps (its words were shown from the plan people read). Counting can read every
 * row of the biggest tables (a flag stored after a BLOB), once per script and word.
 */
export type PlanWords = 'counted' | 'uncounted';

/**
 * The steps from where `db` is to `target`, with each script's words counted on `db`;
 * `files` (the project folder, read only) lets those words count what is in its files too.
 * With `words` 'uncounted' warnings and losses are empty and explanation null.
 */
export function plan(db: Db, chain: Chain, direction: Direction, target: string, files: ProjectFiles | null = null, words: PlanWords = 'counted'): Plan {
  const counted = words === 'counted';
  const from = currentRevisions(db, chain);
  const to = chain.resolveTarget(target, from);
  const scripts = direction === 'upgrade' ? chain.upgradePath(from, to) : chain.downgradePath(from, to);
  return {
    direction,
    from,
    to,
    steps: scripts.map((script) => ({
      revision: script.revision,
      direction,
      message: script.message,
      summary: script.summary,
      release: script.release ?? null,
      changesDatabase: script.changesDatabase ?? true,
      changesProjectFiles: script.changesProjectFiles ?? null,
      warnings: counted ? (script.warnings?.(db, direction) ?? []) : [],
      title: (direction === 'upgrade' ? script.title : script.undoTitle) ?? script.message,
      explanation: counted ? (script.explanation?.(db, direction, files) ?? null) : null,
      losses: counted && direction === 'downgrade' ? (script.losses?.(db) ?? []) : [],
    })),
  };
}
