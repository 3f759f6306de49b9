/** `npm run release`'s CHANGELOG entry: "Unreleased" becomes the version's entry, once. */
import { describe, expect, it } from 'vitest';
import { releaseChangelog } from '../../scripts/changelog.ts';

const entry = { version: '0.2.0', date: '2027-01-15', upgradesTo: '997e336572b8 (Entropy 0.15.4)' };
const BEFORE = `# Changelog

Intro.

## Unreleased

- scan lists bare databases.

## 0.1.0 (2026-12-06)

Upgrades Entropy projects to 997e336572b8 (Entropy 0.15.4).

First release.
`;

describe('the CHANGELOG entry of a release', () => {
  it('turns Unreleased into the version, dated, with the revision it upgrades to, above the older ones', () => {
    expect(releaseChangelog(BEFORE, entry)).toBe(`# Changelog

Intro.

## Unreleased

## 0.2.0 (2027-01-15)

Upgrades Entropy projects to 997e336572b8 (Entropy 0.15.4).

- scan lists bare databases.

## 0.1.0 (2026-12-06)

Upgrades Entropy projects to 997e336572b8 (Entropy 0.15.4).

First release.
`);
  });

  it('leaves a released file as it is when run again, and refuses an empty or a second Unreleased', () => {
    const released = releaseChangelog(BEFORE, entry);
    expect(releaseChangelog(released, entry)).toBe(released);
    expect(() => releaseChangelog(released, { ...entry, version: '0.3.0' })).toThrow(/"## Unreleased" in CHANGELOG.md is empty/);
    const more = released.replace('## Unreleased\n', '## Unreleased\n\n- more.\n');
    expect(() => releaseChangelog(more, entry)).toThrow(/Version 0.2.0 is released already/);
    expect(() => releaseChangelog('# Changelog\n', entry)).toThrow(/no "## Unreleased" section/);
  });
});
