/** How the CLI names revisions to people: id, message and the Entropy release. */
import type { Chain } from '../engine/index.ts';

export function describeRevisions(chain: Chain, revisions: readonly string[]): string {
  if (!revisions.length) return 'base';
  return revisions
    .map((r) => {
      const release = chain.has(r) ? chain.get(r).entropyRelease : undefined;
      return release ? `${r} (Entropy ${release})` : r;
    })
    .join(', ');
}
