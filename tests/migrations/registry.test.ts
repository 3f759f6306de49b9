/** migrations/index.ts lists exactly the revision files, and each file is named as Entropy names it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chain, migrations } from '../../migrations/index.ts';
import { compareReleases, releasesAt } from '../../migrations/releases.ts';

const DIR = join(__dirname, '../../migrations');
const REVISION_FILE = /^(\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2})_([0-9a-f]{12})_([a-z0-9_]+)\.ts$/;
const files = readdirSync(DIR).filter((f) => REVISION_FILE.test(f)).sort();

describe('migrations registry', () => {
  it('registers every revision file, and nothing else', () => {
    const index = readFileSync(join(DIR, 'index.ts'), 'utf8');
    const imported = [...index.matchAll(/from '\.\/([^']+\.ts)'/g)].map((m) => m[1]).filter((f) => REVISION_FILE.test(f!)).sort();
    expect(imported).toEqual(files);
    expect(migrations).toHaveLength(files.length);
  });

  it.each(files)('%s carries the revision and date its name says', (file) => {
    const [, date, revision] = REVISION_FILE.exec(file)!;
    const script = chain.get(revision!);
    expect(script.createDate.replace(/[ :]/g, '-')).toBe(date);
    expect(readFileSync(join(DIR, file), 'utf8')).toContain(`revision: '${revision}'`);
  });

  // The one test that pins Entropy's history: its nine revisions, the release that first
  // shipped each, and the releases that leave a database at each (as the tags of
  // entropy-lab/entropy have them). Every other test reads head, step counts and words from
  // the chain, so a tenth revision on top is welcome here as everywhere.
  it("begins with Entropy's nine released revisions, one line from base 1318a586f31d", () => {
    expect(chain.bases).toEqual(['1318a586f31d']);
    expect(chain.ordered.slice(0, 9).map((s) => [s.downRevision, s.revision, s.release, releasesAt(chain, s.revision)])).toEqual([
      [null, '1318a586f31d', '0.2.0', null],
      ['1318a586f31d', '04ae19b32c08', '0.2.0', 'Entropy 0.2.0 to 0.5.0'],
      ['04ae19b32c08', 'f1ada2484fe2', '0.5.1', null],
      ['f1ada2484fe2', '9ffd2ba0d5bf', '0.5.1', 'Entropy 0.5.1 to 0.6.0'],
      ['9ffd2ba0d5bf', '06140c96c8c4', '0.7.0', 'Entropy 0.7.0 to 0.12.0'],
      ['06140c96c8c4', '7fa75ca1263f', '0.13.0', 'Entropy 0.13.0 to 0.14.0'],
      ['7fa75ca1263f', '273a9fae6206', '0.15.0', 'Entropy 0.15.0'],
      ['273a9fae6206', '09f3b5a1689c', '0.15.1', 'Entropy 0.15.1 to 0.15.3'],
      ['09f3b5a1689c', '997e336572b8', '0.15.4', 'Entropy 0.15.4 to 0.15.9'],
    ]);
  });

  it('has one head, and no revision after a release claims an older one', () => {
    // Several heads are a state for a developer to merge (npm run migration:merge), not to ship.
    expect(chain.heads).toHaveLength(1);
    const released = chain.ordered.flatMap((s) => (s.release ? [s.release] : []));
    for (const [i, release] of released.entries()) {
      if (i > 0) expect(compareReleases(release, released[i - 1]!), `${release} after ${released[i - 1]}`).toBeGreaterThanOrEqual(0);
    }
  });
});
