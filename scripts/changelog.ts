/**
 * The CHANGELOG's entry for a release: developers write under "## Unreleased"; a release
 * turns that section into "## VERSION (DATE)", naming the revision the release upgrades to,
 * and starts an empty "Unreleased" above it. Running a release again for the same version
 * leaves the file as it is.
 */

const UNRELEASED = '## Unreleased';

export interface ReleaseEntry {
  readonly version: string;
  /** YYYY-MM-DD */
  readonly date: string;
  /** The revision(s) it upgrades to, in words: "997e336572b8 (Entropy 0.15.4)". */
  readonly upgradesTo: string;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The new CHANGELOG text; throws a sentence when there is nothing to release. */
export function releaseChangelog(text: string, entry: ReleaseEntry): string {
  const released = new RegExp(`^## ${escaped(entry.version)}( |$)`, 'm');
  const start = text.indexOf(`\n${UNRELEASED}\n`);
  if (start < 0) throw new Error(`CHANGELOG.md has no "${UNRELEASED}" section to release.`);
  const bodyStart = start + UNRELEASED.length + 2;
  const next = text.indexOf('\n## ', bodyStart);
  const body = text.slice(bodyStart, next < 0 ? text.length : next + 1).trim();
  if (released.test(text)) {
    if (body) throw new Error(`Version ${entry.version} is released already, and "${UNRELEASED}" lists more: raise the version in package.json first.`);
    return text;
  }
  if (!body) throw new Error(`"${UNRELEASED}" in CHANGELOG.md is empty: say what changed for users before releasing.`);
  const heading = `## ${entry.version} (${entry.date})\n\nUpgrades Entropy projects to ${entry.upgradesTo}.\n\n`;
  const rest = next < 0 ? '' : text.slice(next + 1);
  return `${text.slice(0, start + 1)}${UNRELEASED}\n\n${heading}${body}\n${rest ? `\n${rest}` : ''}`;
}
