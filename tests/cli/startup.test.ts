/**
 * Start-up (issue 14): every command, --help included, parses the whole bundle before it does
 * anything, so the libraries only some runs need (sql.js, h5wasm: megabytes each; the native
 * addon) must stay out of it and be imported when first used. Bundling h5wasm cost --help
 * ~300 ms. The time itself is measured by `npm run bench` (bench/startup.ts), not here.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';

const BUNDLE = join(__dirname, '../../dist-cli/entropy-migrate.mjs');

describe('the CLI bundle', () => {
  it('imports sql.js, h5wasm and better-sqlite3 only when a run needs them', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    for (const library of ['sql.js', 'h5wasm', 'better-sqlite3']) {
      expect(text, library).toContain(`import("${library}")`);
      expect(text, library).not.toMatch(new RegExp(`from "${library.replace('.', '\\.')}"`));
    }
    // The CLI's own code is a few hundred kB; a bundled wasm library is megabytes.
    expect(statSync(BUNDLE).size).toBeLessThan(1_000_000);
  });

  it('answers --help', () => {
    const { code, out } = cli('--help');
    expect(code).toBe(0);
    expect(out).toContain('entropy-migrate');
  });
});
