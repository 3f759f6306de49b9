/** How the CLI names revisions to people: id and the project release that shipped it. */
import type { ProjectDefinition } from '../engine/index.ts';

export function describeRevisions(project: ProjectDefinition, revisions: readonly string[]): string {
  if (!revisions.length) return 'base';
  return revisions
    .map((r) => {
      const release = project.releaseOfRevision(r);
      return release ? `${r} (${project.name} ${release})` : r;
    })
    .join(', ');
}
