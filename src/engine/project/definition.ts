/**
 * A project: what the engine is told about one family of databases, in the spirit of
 * Alembic's script_location and Kysely's MigrationProvider. The engine knows no project by
 * name; a project folder (migrations/ for the first one) defines itself with defineProject
 * and is handed to the CLI, the worker and the tools.
 */
import type { Db } from '../db.ts';
import { RevisionGraph } from '../revision/graph.ts';
import type { MigrationScript } from '../revision/script.ts';
import type { ProjectFiles, ReadBackCount } from './files.ts';

export type { ReadBackCount } from './files.ts';

export type Chain = RevisionGraph<MigrationScript>;

/** Where a database was found to be, before any words are put on it. */
export type DbState =
  /** No tables at all. */
  | { readonly kind: 'empty' }
  /** The project's tables, but no version table: written before the project versioned it. */
  | { readonly kind: 'unversioned' }
  /** A version table with no row. */
  | { readonly kind: 'base' }
  | { readonly kind: 'at'; readonly revisions: readonly string[] };

/** Where things live in a project folder; paths are POSIX and relative to the folder. */
export interface ProjectLayout {
  /** The database, e.g. 'data/app.db'. */
  readonly database: string;
  /**
   * Whether a file of the folder belongs to what a run may read or change (the database
   * excepted): the caller loads those, and only those, for the run.
   */
  wantsFile(path: string): boolean;
  /**
   * For a database kept on its own (the way some releases stored it): the files beside it
   * that belong in the folder it becomes, as path in the new folder -> sibling file name.
   */
  companionsOfBareDatabase?(fileName: string): Readonly<Record<string, string>>;
  /** Folders an upgrade always leaves behind, even empty (the project's own upgrade makes them). */
  readonly foldersAfterUpgrade?: readonly string[];
}

/**
 * Work a project does on its folder after every upgrade to the head, even when the database
 * was at the head already (a project may move data out of the database this way). It sees the
 * upgraded database and the staged files; nothing it does reaches the folder before the
 * whole run has passed its checks.
 */
export interface FinishingWork {
  /** A one-line name for progress and receipts. */
  readonly title: string;
  /** What run() would do here, in sentences a user understands; [] when nothing. */
  describe(db: Db, files: ProjectFiles | null): FinishingPlan;
  /** Does it; says what it did, for the receipt. Only called with files (a whole project). */
  run(db: Db, files: ProjectFiles): FinishingReport;
}

export interface FinishingReport {
  /** What was done, one sentence each. */
  readonly done: readonly string[];
  /** What a user should know about the result (data a later reader may trip on, ...). */
  readonly warnings: readonly string[];
  /** What the work read back of what it wrote, by kind (absent: nothing written to read back). */
  readonly readBack?: readonly ReadBackCount[];
}

export interface FinishingPlan {
  /** What will be done, for the plan; [] when there is nothing to do. */
  readonly changes: readonly string[];
  /** Things to read before running (data a later reader may trip on, ...). */
  readonly warnings: readonly string[];
  /**
   * Why the run would stop here before writing anything (a value or file it cannot take), in
   * one sentence; absent when it can go on. Said in the plan, so that a project that cannot be
   * upgraded as it is does not look ready until the run.
   */
  readonly stops?: string;
  /**
   * What is left undone when only the database is upgraded (no folder): one sentence for
   * the user, or null when the database alone is complete.
   */
  readonly leftUndoneWithoutFolder: string | null;
}

/**
 * Where the project's sources are, for the developer tools (as Alembic's script_location and
 * env.py): what they write a new revision's test with and compare autogenerate against. The
 * revision files and the registry sit together in the folder the tools are pointed at. Paths
 * are POSIX, relative to the folder the tools run in (the repository's root).
 */
export interface ProjectDevelopment {
  /** The declared schema at the head: a module that exports `model` (a Schema). */
  readonly model: string;
  /** The folder each revision's test is written to, as `<revision>.test.ts`. */
  readonly tests: string;
  /**
   * What a revision's test builds its start database with: the module and the name of its
   * export, called as `build(open, { at: revision })`, returning a database with rows there.
   */
  readonly builder: { readonly module: string; readonly name: string };
}

/**
 * What the page says of the project's databases and files, beyond its revisions' own words.
 * Plain data: it crosses from the worker to the page as it is. Table names are the project's;
 * a sentence may hold `{rows}`, the table's row count in its noun ("3 nodes").
 */
export interface ProjectWords {
  /** The release that reads a project upgraded to the head, as users say it ("Lab 2.4"). */
  readonly latestRelease: string;
  /** Rows of the project's tables as people count them, singular and plural. */
  readonly rows: Readonly<Record<string, readonly [string, string]>>;
  /** The tables whose counts say what a database holds, first the one every database has. */
  readonly contents: readonly string[];
  /** The project's files beside the database that a run also reads or writes, in a phrase. */
  readonly filesBeside: string;
  /** Tables an upgrade empties of rows whose data the project keeps elsewhere, and where. */
  readonly keptElsewhere?: { readonly tables: readonly string[]; readonly where: string };
  /** What it means that an upgrade added one of these tables, a sentence each. */
  readonly tableAdded?: Readonly<Record<string, { readonly sentence: string; readonly noun?: readonly [string, string] }>>;
}

export interface ProjectDefinition {
  /** The name users know the project by (as in "not X's database"). */
  readonly name: string;
  /**
   * The indefinite article before the name, as people say it ("an Hour project", "a Unix
   * tool"): spelling alone cannot tell. Without it, guessed from the first letter.
   */
  readonly article?: 'a' | 'an';
  readonly chain: Chain;
  readonly layout: ProjectLayout;
  /** Where a user finds the database, for sentences that send them to it. */
  readonly databaseHint: string;
  /** Whether a SQLite database with these tables is one of this project's. */
  recognise(tables: readonly string[]): boolean;
  /** Which release of the project wrote a database in this state, in words. */
  releaseOf(state: DbState): string;
  /** The release a revision first shipped in, as a user would say it; null when none. */
  releaseOfRevision(revision: string): string | null;
  /**
   * The releases that leave a database at exactly this revision, in words ("Lab 0.2.0
   * to 0.5.0"); null when none does (a step inside one release's upgrade) or when the
   * project does not say.
   */
  releasesAt?(revision: string): string | null;
  /** Loads what the project's file work needs (a wasm module, ...) before a run. */
  prepare?(): Promise<void>;
  readonly finishing?: readonly FinishingWork[];
  /** What the page says of its databases and files; without it, the page counts rows. */
  readonly words?: ProjectWords;
  /** Where its model, revision tests and test-data builder are, for the developer tools. */
  readonly development?: ProjectDevelopment;
}

export interface ProjectOptions extends Omit<ProjectDefinition, 'chain' | 'releaseOfRevision'> {
  readonly migrations: readonly MigrationScript[];
}

/** Builds a project from its parts; the revision graph is checked here, once. */
export function defineProject(options: ProjectOptions): ProjectDefinition {
  const { migrations, ...rest } = options;
  const chain = new RevisionGraph(migrations);
  return {
    ...rest,
    chain,
    releaseOfRevision: (revision) => (chain.has(revision) ? (chain.get(revision).release ?? null) : null),
  };
}

/** The project's name with its article, for sentences: "an Hour", "a Unix", "a Tiny". */
export function aProject(project: Pick<ProjectDefinition, 'name' | 'article'>): string {
  const article = project.article ?? (/^[aeiou]/i.test(project.name) ? 'an' : 'a');
  return `${article} ${project.name}`;
}
