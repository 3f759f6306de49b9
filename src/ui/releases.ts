/**
 * Which Entropy releases write a revision, in words. A revision is written by every release
 * from the one that first shipped it up to the one before the release that shipped the next
 * revision: a file at 04ae19b32c08 comes from "Entropy 0.2.0 to 0.5.0", not from "0.2.0".
 * Kept in the page for now; it belongs with the project's definition (its release table).
 */

/** Entropy's releases, oldest first: the version tags of entropy-lab/entropy (0.1.0 to 0.15.9). */
export const ENTROPY_RELEASES = [
  '0.1.0', '0.1.1', '0.1.2', '0.2.0', '0.3.0', '0.4.0', '0.4.1', '0.5.0', '0.5.1', '0.5.2', '0.5.3', '0.5.4', '0.5.5',
  '0.5.6', '0.6.0', '0.7.0', '0.8.0', '0.9.0', '0.10.0', '0.11.0', '0.11.1', '0.11.2', '0.12.0', '0.13.0', '0.14.0',
  '0.15.0', '0.15.1', '0.15.2', '0.15.3', '0.15.4', '0.15.5', '0.15.6', '0.15.7', '0.15.8', '0.15.9',
] as const;

/** What the page needs of a revision: its id and the release that first shipped it. */
export interface Shipped {
  readonly revision: string;
  readonly entropyRelease: string | null;
}

function span(first: string, last: string): string {
  return first === last ? `Entropy ${first}` : `Entropy ${first} to ${last}`;
}

function releaseBefore(release: string): string | null {
  const i = ENTROPY_RELEASES.indexOf(release as (typeof ENTROPY_RELEASES)[number]);
  return i > 0 ? ENTROPY_RELEASES[i - 1]! : null;
}

/**
 * "Entropy 0.2.0 to 0.5.0" for the releases whose database is at `revision`, or null when no
 * release leaves a database there (a step in the middle of one release's upgrade, or a
 * revision this page does not know). `chain` is base first.
 */
export function releasesAt(chain: readonly Shipped[], revision: string): string | null {
  const i = chain.findIndex((r) => r.revision === revision);
  const first = chain[i]?.entropyRelease;
  if (!first) return null;
  const next = chain[i + 1];
  if (!next) return span(first, ENTROPY_RELEASES[ENTROPY_RELEASES.length - 1]!);
  if (!next.entropyRelease || next.entropyRelease === first) return null;
  const last = releaseBefore(next.entropyRelease);
  return last ? span(first, last) : null;
}

/** The releases before Entropy recorded revisions in its database (0.1.x). */
export function releasesBeforeRevisions(chain: readonly Shipped[]): string {
  const first = chain[0]?.entropyRelease;
  const last = first ? releaseBefore(first) : null;
  return last ? span(ENTROPY_RELEASES[0], last) : 'Entropy 0.1';
}

/**
 * The releases that read a database at `revision`: the same as those that write it, or, for
 * a revision in the middle of a release's upgrade, "a step of Entropy X's upgrade".
 */
export function releasesWords(chain: readonly Shipped[], revision: string): string {
  const at = releasesAt(chain, revision);
  if (at) return at;
  const shipped = chain.find((r) => r.revision === revision)?.entropyRelease;
  return shipped ? `a step on the way to Entropy ${shipped}` : `a revision this page does not know (${revision})`;
}
