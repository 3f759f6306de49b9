/**
 * The dependency direction of ARCHITECTURE.md, checked on the source text, so that a
 * convenient import across a layer fails here instead of slowly undoing the seam:
 * - src/engine is pure and project-agnostic: it imports only itself (no Node, no DOM
 *   library, no sql.js, nothing of the project) and names no project (issue 11: not a word
 *   of Entropy);
 * - migrations/ reach the engine only through its public index;
 * - src/ui imports only types from the worker and the engine, except the engine's error codes
 *   and its printable-text helper (issue 12: one helper for every text shown, on the page as
 *   in the CLI), which import nothing but each other: the engine itself, and sql.js, stay out
 *   of the page's main thread;
 * - nothing outside them imports src/devtools, src/cli or src/ui.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath ?? entry.path, entry.name)));
}

interface Import {
  readonly file: string;
  readonly typeOnly: boolean;
  /** A path from the repository root for relative imports, else the package name. */
  readonly target: string;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: Import[] = [];
  const pattern = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const match of text.matchAll(pattern)) {
    const spec = match[3] ?? match[4]!;
    const target = spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)) : spec;
    found.push({ file, typeOnly: Boolean(match[2]), target });
  }
  return found;
}

/** Engine modules the page may import as values (see the module comment). */
const SHARED_WITH_THE_PAGE = ['src/engine/errors.ts', 'src/engine/error-transport.ts', 'src/engine/out-of-memory.ts', 'src/engine/printable.ts', 'src/engine/words.ts'];

const within = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

describe('the dependency direction (ARCHITECTURE.md)', () => {
  it('src/engine imports only itself', () => {
    const outside = sourceFiles('src/engine').flatMap(importsOf).filter((i) => !within(i.target, 'src/engine'));
    expect(outside).toEqual([]);
  });

  it('src/engine names no project', () => {
    const naming = sourceFiles('src/engine').filter((file) => /entropy/i.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(naming).toEqual([]);
  });

  it('migrations reach the engine only through its public index', () => {
    const deep = sourceFiles('migrations')
      .flatMap(importsOf)
      .filter((i) => within(i.target, 'src') && !/^src\/engine\/index(\.ts)?$/.test(i.target));
    expect(deep).toEqual([]);
  });

  it('src/ui imports only types from the worker and the engine, but for its words', () => {
    const values = sourceFiles('src/ui')
      .flatMap(importsOf)
      .filter((i) => (within(i.target, 'src/worker') || within(i.target, 'src/engine')) && !i.typeOnly && !SHARED_WITH_THE_PAGE.includes(i.target));
    expect(values).toEqual([]);
  });

  it('what the page shares with the engine imports nothing else', () => {
    const further = SHARED_WITH_THE_PAGE.flatMap(importsOf).filter((i) => !SHARED_WITH_THE_PAGE.includes(i.target));
    expect(further).toEqual([]);
  });

  it('nothing imports src/devtools, src/cli or src/ui from outside them', () => {
    const everything = ['src', 'migrations'].flatMap(sourceFiles);
    const leaks = everything.flatMap(importsOf).filter((i) =>
      ['src/devtools', 'src/cli', 'src/ui'].some((layer) => within(i.target, layer) && !within(i.file, layer)),
    );
    expect(leaks).toEqual([]);
  });
});
