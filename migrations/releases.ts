/**
 * Which Entropy releases wrote a database at each revision, in words that are true: a
 * revision is what every release from the one that shipped it up to the next revision's
 * release wrote, so a file at 04ae19b32c08 may come from any of Entropy 0.2.0 to 0.5.0.
 */
import type { Chain, DbState } from '../src/engine/index.ts';

/** The newest Entropy release whose format these revisions describe. */
export const LATEST_KNOWN_RELEASE = '0.15.9';

/** Negative when release `a` came out before `b` ("0.5.1" before "0.13.0"). */
export function compareReleases(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

function previousPatch(release: string): string | null {
  const [major, minor, patch] = release.split('.').map(Number);
  return patch ? `${major}.${minor}.${patch - 1}` : null;
}

/**
 * "0.2.0 to 0.5.0" for one revision of the chain (linear part), from the releases around it;
 * null for a revision no release has shipped yet (a new one whose `release` is still a TODO).
 */
export function releaseRange(chain: Chain, revision: string): string | null {
  const order = chain.ordered;
  const index = order.findIndex((s) => s.revision === revision);
  const first = order[index]?.release;
  if (!first) return null;
  const next = order.slice(index + 1).find((s) => s.release && s.release !== first)?.release;
  // The newest release: as far as the releases this table knows reach, and no further.
  if (!next) return compareReleases(first, LATEST_KNOWN_RELEASE) >= 0 ? first : `${first} to ${LATEST_KNOWN_RELEASE}`;
  const last = previousPatch(next);
  if (last === first) return first;
  return last ? `${first} to ${last}` : `${first} or a later release before ${next}`;
}

export function entropyReleaseOf(chain: Chain, state: DbState): string {
  switch (state.kind) {
    case 'empty':
      return 'no Entropy release yet (the database is empty)';
    case 'unversioned':
      return 'Entropy 0.1.x or earlier';
    case 'base':
      return 'no Entropy release (the revision record is empty)';
    case 'at':
      return state.revisions
        .map((r) => {
          const range = releaseRange(chain, r);
          return range ? `Entropy ${range}` : `no Entropy release yet (revision ${r})`;
        })
        .join(' and ');
  }
}
