/**
 * Which Entropy releases write a database at each revision, in words that are true. A
 * revision is written by every release from the one that first shipped it up to the one
 * before the release that shipped the next revision: a file at 04ae19b32c08 comes from
 * "Entropy 0.2.0 to 0.5.0", not from "0.2.0". A revision that another revision of the same
 * release follows (f1ada2484fe2, then 9ffd2ba0d5bf, both in 0.5.1) is a step inside one
 * release's upgrade: no release leaves a database there.
 */
import type { Chain, DbState } from '../src/engine/index.ts';

/** Entropy's releases, oldest first: the version tags of entropy-lab/entropy (0.1.0 to 0.15.9). */
export const ENTROPY_RELEASES = [
  '0.1.0', '0.1.1', '0.1.2', '0.2.0', '0.3.0', '0.4.0', '0.4.1', '0.5.0', '0.5.1', '0.5.2', '0.5.3', '0.5.4', '0.5.5',
  '0.5.6', '0.6.0', '0.7.0', '0.8.0', '0.9.0', '0.10.0', '0.11.0', '0.11.1', '0.11.2', '0.12.0', '0.13.0', '0.14.0',
  '0.15.0', '0.15.1', '0.15.2', '0.15.3', '0.15.4', '0.15.5', '0.15.6', '0.15.7', '0.15.8', '0.15.9',
] as const;

/** Negative when release `a` came out before `b` ("0.5.1" before "0.13.0"). */
export function compareReleases(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** The newest Entropy release whose format these revisions describe. */
export const LATEST_KNOWN_RELEASE = ENTROPY_RELEASES[ENTROPY_RELEASES.length - 1];

function span(first: string, last: string): string {
  return first === last ? `Entropy ${first}` : `Entropy ${first} to ${last}`;
}

/** The release just before `release`; the newest known one for a release newer than all of them. */
function releaseBefore(release: string): string | null {
  const i = ENTROPY_RELEASES.indexOf(release as (typeof ENTROPY_RELEASES)[number]);
  if (i < 0) return compareReleases(release, LATEST_KNOWN_RELEASE) > 0 ? LATEST_KNOWN_RELEASE : null;
  return i > 0 ? ENTROPY_RELEASES[i - 1]! : null;
}

/**
 * "Entropy 0.2.0 to 0.5.0" for the releases that leave a database at `revision`, or null when
 * none does (a step in the middle of one release's upgrade, or a revision the chain lacks).
 */
export function releasesAt(chain: Chain, revision: string): string | null {
  const order = chain.ordered;
  const i = order.findIndex((s) => s.revision === revision);
  const first = order[i]?.release;
  if (!first) return null;
  const next = order[i + 1];
  // The newest revision: as far as the releases this table knows reach, and no further.
  if (!next) return span(first, compareReleases(first, LATEST_KNOWN_RELEASE) >= 0 ? first : LATEST_KNOWN_RELEASE);
  // A next revision no release has shipped yet: this one is still what the newest releases write.
  if (!next.release) return span(first, compareReleases(first, LATEST_KNOWN_RELEASE) >= 0 ? first : LATEST_KNOWN_RELEASE);
  if (next.release === first) return null;
  const last = releaseBefore(next.release);
  return last ? span(first, last) : null;
}

/** The releases before Entropy recorded revisions in its database (0.1.x). */
export function releasesBeforeRevisions(chain: Chain): string {
  const first = chain.ordered[0]?.release;
  const last = first ? releaseBefore(first) : null;
  return last ? span(ENTROPY_RELEASES[0], last) : 'Entropy 0.1';
}

/** The releases at `revision`, or for a step inside one release's upgrade, that. */
export function releasesWords(chain: Chain, revision: string): string {
  const at = releasesAt(chain, revision);
  if (at) return at;
  const shipped = chain.has(revision) ? chain.get(revision).release : undefined;
  return shipped ? `a step on the way to Entropy ${shipped}` : `no Entropy release yet (revision ${revision})`;
}

export function entropyReleaseOf(chain: Chain, state: DbState): string {
  switch (state.kind) {
    case 'empty':
      return 'no Entropy release yet (the database is empty)';
    case 'unversioned':
      return releasesBeforeRevisions(chain);
    case 'base':
      return 'no Entropy release (the revision record is empty)';
    case 'at':
      return state.revisions.map((r) => releasesWords(chain, r)).join(' and ');
  }
}
