import {
  AmbiguousRevisionError, DuplicateRevisionError, InvalidTargetError, MissingDownRevisionError, MultipleHeadsError, RevisionCycleError, UnknownRevisionError,
} from '../errors.ts';

/** What the graph needs to know about a revision: its id and what it revises. */
export interface RevisionNode {
  readonly revision: string;
  /** null for a base; a list for a merge point. */
  readonly downRevision: string | readonly string[] | null;
}

export function downRevisionsOf(node: RevisionNode): readonly string[] {
  const down = node.downRevision;
  if (down === null) return [];
  return typeof down === 'string' ? [down] : down;
}

const RELATIVE = /^(.*?)([+-])(\d+)$/;

/**
 * The revision graph, as Alembic's RevisionMap: knows nothing of files or databases.
 * Revisions are kept in a base-first topological order, which is the order upgrades run.
 */
export class RevisionGraph<T extends RevisionNode = RevisionNode> {
  private readonly byId = new Map<string, T>();
  private readonly children = new Map<string, string[]>();
  /** Base-first topological order; ties keep declaration order. */
  readonly ordered: readonly T[];

  constructor(revisions: readonly T[]) {
    for (const rev of revisions) {
      if (this.byId.has(rev.revision)) throw new DuplicateRevisionError(rev.revision);
      this.byId.set(rev.revision, rev);
      this.children.set(rev.revision, []);
    }
    for (const rev of revisions) {
      for (const down of downRevisionsOf(rev)) {
        if (!this.byId.has(down)) throw new MissingDownRevisionError(rev.revision, down);
        this.children.get(down)!.push(rev.revision);
      }
    }
    this.ordered = this.topologicalOrder(revisions);
  }

  private topologicalOrder(revisions: readonly T[]): T[] {
    const state = new Map<string, 'visiting' | 'done'>();
    const out: T[] = [];
    const visit = (id: string, trail: string[]): void => {
      const seen = state.get(id);
      if (seen === 'done') return;
      if (seen === 'visiting') {
        throw new RevisionCycleError([...trail.slice(trail.indexOf(id)), id]);
      }
      state.set(id, 'visiting');
      const node = this.byId.get(id)!;
      for (const down of downRevisionsOf(node)) visit(down, [...trail, id]);
      state.set(id, 'done');
      out.push(node);
    };
    for (const rev of revisions) visit(rev.revision, []);
    return out;
  }

  get size(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): T {
    const node = this.byId.get(id);
    if (!node) throw new UnknownRevisionError(id);
    return node;
  }

  /** Revisions nothing revises, in topological order. */
  get heads(): string[] {
    return this.ordered.filter((r) => this.children.get(r.revision)!.length === 0).map((r) => r.revision);
  }

  get bases(): string[] {
    return this.ordered.filter((r) => downRevisionsOf(r).length === 0).map((r) => r.revision);
  }

  /** The single head; throws MultipleHeadsError when the chain has branched. */
  get head(): string | null {
    const heads = this.heads;
    if (heads.length > 1) throw new MultipleHeadsError(heads);
    return heads[0] ?? null;
  }

  /** A full id, or a unique prefix of one. */
  resolveId(idOrPrefix: string): string {
    if (this.byId.has(idOrPrefix)) return idOrPrefix;
    const matches = [...this.byId.keys()].filter((id) => id.startsWith(idOrPrefix));
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) throw new AmbiguousRevisionError(idOrPrefix, matches);
    throw new UnknownRevisionError(idOrPrefix);
  }

  /**
   * Resolves a target as Alembic does: `head`, `heads`, `base`, a full id or unique prefix,
   * and relative forms `+N`, `-N` (from `current`), `<rev>+N`, `<rev>-N`, `head-N`, `base+N`.
   * Returns the set of revisions the database should be at afterwards ([] is base).
   */
  resolveTarget(target: string, current: readonly string[] = []): string[] {
    const spec = target.trim();
    if (spec === '') throw new InvalidTargetError(target, 'the target is empty.');
    if (spec === 'heads') return this.heads;
    if (spec === 'head') {
      const head = this.head;
      return head === null ? [] : [head];
    }
    if (spec === 'base') return [];
    const relative = RELATIVE.exec(spec);
    if (relative) {
      const [, anchor, sign, digits] = relative as unknown as [string, string, '+' | '-', string];
      const steps = Number(digits) * (sign === '+' ? 1 : -1);
      return this.walk(this.resolveAnchor(anchor, current, target), steps, target);
    }
    return [this.resolveId(spec)];
  }

  private resolveAnchor(anchor: string, current: readonly string[], target: string): string[] {
    if (anchor === '') {
      if (current.length > 1) throw new MultipleHeadsError([...current], target);
      return [...current];
    }
    return this.resolveTarget(anchor, current);
  }

  /** Moves `steps` revisions up (positive) or down (negative) a single line of the graph. */
  private walk(from: readonly string[], steps: number, target: string): string[] {
    let at = [...from];
    for (let i = 0; i < Math.abs(steps); i++) {
      if (steps > 0) {
        const next = at.length === 0 ? this.bases : this.children.get(at[0]!)!;
        if (at.length > 1 || next.length > 1) {
          throw new InvalidTargetError(target, 'the chain branches on the way, so the relative step is ambiguous.');
        }
        if (next.length === 0) throw new InvalidTargetError(target, `there are only ${i} revisions above.`);
        at = [next[0]!];
      } else {
        if (at.length === 0) throw new InvalidTargetError(target, `there are only ${i} revisions below.`);
        if (at.length > 1) throw new MultipleHeadsError(at, target);
        at = [...downRevisionsOf(this.get(at[0]!))];
        if (at.length > 1 && i < Math.abs(steps) - 1) {
          throw new InvalidTargetError(target, 'the chain merges on the way, so the relative step is ambiguous.');
        }
      }
    }
    return at;
  }

  /** The revisions at or below `ids`. */
  ancestors(ids: readonly string[]): Set<string> {
    const out = new Set<string>();
    const stack = [...ids];
    while (stack.length) {
      const id = stack.pop()!;
      if (out.has(id)) continue;
      out.add(id);
      stack.push(...downRevisionsOf(this.get(id)));
    }
    return out;
  }

  /** The revisions to apply, base first, to go from `current` up to `target`. */
  upgradePath(current: readonly string[], target: readonly string[]): T[] {
    const have = this.ancestors(current);
    const want = this.ancestors(target);
    for (const id of target) {
      if (have.has(id) && !current.includes(id)) {
        throw new InvalidTargetError(id, 'the database is already past that revision; use downgrade to go back.');
      }
    }
    return this.ordered.filter((r) => want.has(r.revision) && !have.has(r.revision));
  }

  /** The revisions to undo, newest first, to go from `current` down to `target`. */
  downgradePath(current: readonly string[], target: readonly string[]): T[] {
    const have = this.ancestors(current);
    const keep = this.ancestors(target);
    for (const id of target) {
      if (!have.has(id)) {
        throw new InvalidTargetError(id, 'that revision is not below the current one; use upgrade to go forward.');
      }
    }
    return this.ordered.filter((r) => have.has(r.revision) && !keep.has(r.revision)).reverse();
  }

  /**
   * The heads recorded after applying (upgrade) or undoing (downgrade) one revision, as
   * Alembic's head maintenance does: a step replaces what it revises, a merge replaces all
   * it merges, and undoing a step brings back its parents unless another head still
   * descends from them.
   */
  headsAfter(current: readonly string[], revision: string, direction: 'upgrade' | 'downgrade'): string[] {
    const downs = downRevisionsOf(this.get(revision));
    if (direction === 'upgrade') {
      return [...current.filter((id) => !downs.includes(id)), revision];
    }
    const rest = current.filter((id) => id !== revision);
    const covered = this.ancestors(rest);
    return [...rest, ...downs.filter((d) => !covered.has(d))];
  }
}
