/**
 * Which Entropy releases wrote a database, in words: from the `release` of each revision
 * (migrations/releases.ts), for Entropy's nine released revisions and for a next one, with
 * its release decided or still a TODO.
 */
import { describe, expect, it } from 'vitest';
import { defineMigration, type MigrationScript } from '../../src/engine/index.ts';
import { entropyProject } from '../../migrations/project.ts';
import { chain } from '../support/db.ts';

const NEXT = 'abcdef012345';
const released = chain.ordered.slice(0, 9);
const at = (...revisions: string[]) => ({ kind: 'at' as const, revisions });

function withNext(release?: string) {
  const next: MigrationScript = defineMigration({
    revision: NEXT,
    downRevision: '997e336572b8',
    message: 'test only: the next revision',
    createDate: '2030-01-01 00:00:00',
    ...(release ? { release } : {}),
    summary: 'Changes nothing.',
    upgrade() {},
    downgrade() {},
  });
  return entropyProject([...released, next]);
}

describe("Entropy's releases", () => {
  it('names the range of releases that wrote each of the nine revisions', () => {
    const project = entropyProject(released);
    // 1318a586f31d and 04ae19b32c08 ship together: no release leaves a database between them.
    expect(project.releaseOf(at('1318a586f31d'))).toBe('a step on the way to Entropy 0.2.0');
    expect(project.releaseOf(at('04ae19b32c08'))).toBe('Entropy 0.2.0 to 0.5.0');
    expect(project.releaseOf(at('9ffd2ba0d5bf'))).toBe('Entropy 0.5.1 to 0.6.0');
    expect(project.releaseOf(at('06140c96c8c4'))).toBe('Entropy 0.7.0 to 0.12.0');
    expect(project.releaseOf(at('273a9fae6206'))).toBe('Entropy 0.15.0');
    expect(project.releaseOf(at('997e336572b8'))).toBe('Entropy 0.15.4 to 0.15.9');
    expect(project.releaseOf({ kind: 'unversioned' })).toBe('Entropy 0.1.0 to 0.1.2');
  });

  it('ends the last range where the next revision\'s release begins', () => {
    const project = withNext('0.16.0');
    expect(project.releaseOf(at('997e336572b8'))).toBe('Entropy 0.15.4 to 0.15.9');
    expect(project.releaseOf(at(NEXT))).toBe('Entropy 0.16.0');
    expect(project.releaseOfRevision(NEXT)).toBe('0.16.0');
  });

  it('says so plainly while the next revision has no release', () => {
    const project = withNext();
    expect(project.releaseOf(at(NEXT))).toBe(`no Entropy release yet (revision ${NEXT})`);
    expect(project.releaseOf(at('997e336572b8'))).toBe('Entropy 0.15.4 to 0.15.9');
    expect(project.releaseOfRevision(NEXT)).toBeNull();
  });
});
