/**
 * npm run release: everything a release hands out, made from this clone.
 *
 *   CHANGELOG.md                        "Unreleased" becomes this version's entry (changelog.ts);
 *                                       first, because the package carries the CHANGELOG
 *   release/entropy-migrate-V.tgz       the package (npm pack; its prepack bundles the CLI)
 *   dist/                               the page, for any static host or sub-path, with the
 *                                       package beside it (the page links to it)
 *   release/entropy-migrate-page-V.tar.gz   dist/ in one file
 *   release/SHA256SUMS                  for `sha256sum -c SHA256SUMS` in release/
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entropy } from '../migrations/index.ts';
import { releaseChangelog } from './changelog.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts: string[]) => join(root, ...parts);
const { version } = JSON.parse(readFileSync(at('package.json'), 'utf8')) as { version: string };
const run = (command: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  execFileSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });

const upgradesTo = entropy.chain.heads
  .map((head) => `${head} (${entropy.name} ${entropy.releaseOfRevision(head) ?? 'unreleased'})`)
  .join(' and ');

// 1. The CHANGELOG entry.
const changelog = at('CHANGELOG.md');
const date = new Date().toISOString().slice(0, 10);
writeFileSync(changelog, releaseChangelog(readFileSync(changelog, 'utf8'), { version, date, upgradesTo }));

// 2. The package.
const out = at('release');
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
run('npm', ['pack', '--pack-destination', out]);
const tarball = `entropy-migrate-${version}.tgz`;
if (!existsSync(join(out, tarball))) throw new Error(`npm pack did not write release/${tarball}.`);

// 3. The page, with the package beside it.
run('npx', ['vite', 'build'], { PAGE_WITH_PACKAGE: '1' });
copyFileSync(join(out, tarball), at('dist', tarball));
const page = `entropy-migrate-page-${version}.tar.gz`;
run('tar', ['-czf', join(out, page), '-C', at('dist'), '.']);

// 4. The sums.
const sums = [tarball, page].map((name) => `${createHash('sha256').update(readFileSync(join(out, name))).digest('hex')}  ${name}`);
writeFileSync(join(out, 'SHA256SUMS'), `${sums.join('\n')}\n`);

process.stdout.write(
  `\nentropy-migrate ${version}, upgrading to ${upgradesTo}:\n` +
    `  release/${tarball}\n  release/${page} (the page; also in dist/)\n  release/SHA256SUMS\n` +
    `  CHANGELOG.md's entry "## ${version} (${date})": commit it, and tag the commit v${version}.\n`,
);
