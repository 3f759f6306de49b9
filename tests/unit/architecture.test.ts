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
 * - nothing outside them imports src/devtools, src/cli or src/ui;
 * - src/ holds no project: it imports migrations/ only at its entry points (the CLI's bin and
 *   the page's worker; the developer tools find the project through package.json, as Alembic
 *   its script_location);
 * - SQLite only through the adapters (src/sqljs, src/native): everything else works on the
 *   engine's Db, so a third SQLite is one adapter more;
 * - no import cycles (type-only imports aside, which vanish when compiled): a cycle makes the
 *   load order decide which module sees the other half-initialised.
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

/** The entry points of src that name the project they serve (see the module comment). */
const PROJECT_ENTRY_POINTS = ['src/cli/bin.ts', 'src/worker/index.ts'];

/** The packages that are SQLite, and the adapters that alone may load them. */
const SQLITE_PACKAGES = /^(sql\.js|better-sqlite3|node:sqlite)(\/|$)/;
const ADAPTERS = ['src/sqljs', 'src/native'];

/** The module a relative import resolves to: imports name the .ts file, or a folder's index.ts. */
function moduleOf(target: string, modules: ReadonlySet<string>): string | null {
  for (const candidate of [target, `${target}.ts`, `${target}/index.ts`]) if (modules.has(candidate)) return candidate;
  return null;
}

/** Each file's value imports among the files themselves. */
function valueImportGraph(files: readonly string[]): Map<string, string[]> {
  const modules = new Set(files);
  return new Map(files.map((f) => [f, importsOf(f).filter((i) => !i.typeOnly).map((i) => moduleOf(i.target, modules)).filter((m): m is string => m !== null)]));
}

/** Every cycle a depth-first walk meets, each as the path of modules around it (first one last too). */
function cyclesIn(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of edges.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

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

  it('src imports the project (migrations/) only at its entry points', () => {
    const reaching = sourceFiles('src')
      .flatMap(importsOf)
      .filter((i) => within(i.target, 'migrations') && !PROJECT_ENTRY_POINTS.includes(i.file));
    expect(reaching).toEqual([]);
    // The rule must have something to hold: the entry points do import the project.
    expect(PROJECT_ENTRY_POINTS.every((file) => importsOf(file).some((i) => within(i.target, 'migrations')))).toBe(true);
  });

  it('SQLite is loaded only by the adapters', () => {
    const loading = ['src', 'migrations'].flatMap(sourceFiles).flatMap(importsOf)
      .filter((i) => SQLITE_PACKAGES.test(i.target) && !ADAPTERS.some((adapter) => within(i.file, adapter)));
    expect(loading).toEqual([]);
  });

  it('no import cycles in src or migrations', () => {
    expect(cyclesIn(valueImportGraph(['src', 'migrations'].flatMap(sourceFiles)))).toEqual([]);
  });

  it('the cycle finder finds a cycle, and not a diamond (so that the rule above can fail)', () => {
    const graph = new Map([['a', ['b', 'd']], ['b', ['c']], ['c', ['a']], ['d', ['e']], ['e', []], ['f', ['d', 'e']]]);
    expect(cyclesIn(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });
});
