/**
 * scan ROOT: every project under ROOT (project-tree.ts finds them), with where each one's
 * database is and whether it needs an upgrade, or the one sentence why it cannot be read.
 * Only reads: nothing is written, and `--json` feeds a batch (a Slurm array, xargs -P) that
 * upgrades each project as a job of its own.
 */
import { statSync } from 'node:fs';
import { aProject, asMigrateError, currentRevisions, MigrateError, stateOf, type ErrorInfo } from '../../engine/index.ts';
import type { CliContext, ExitCode } from '../context.ts';
import { UsageError } from '../errors.ts';
import { findProjects, type FoundProject } from '../project-tree.ts';
import { printedPath, shownPath } from '../terminal.ts';
import { VERSION } from '../version.ts';
import { withDatabase } from './inspect.ts';

export interface ScannedProject {
  readonly path: string;
  readonly kind: FoundProject['kind'];
  readonly revisions: readonly string[];
  /** Which releases of the project write a database in this state, in its words. */
  readonly release: string | null;
  readonly atHead: boolean;
  readonly error: Pick<ErrorInfo, 'code' | 'message'> | null;
}

/** A `.db` file that is not a SQLite database, or another program's: not a project at all. */
const NOT_OURS = new Set(['NOT_SQLITE', 'NOT_PROJECT_DB', 'EMPTY_FILE']);

function read(ctx: CliContext, found: FoundProject): ScannedProject | null {
  const { chain } = ctx.project;
  try {
    return withDatabase(ctx, found.database, (db) => {
      const revisions = currentRevisions(db, chain);
      const state = stateOf(db, revisions);
      // An empty SQLite file is nobody's old database: a bare one is not listed.
      if (found.kind === 'bare-database' && state.kind === 'empty') return null;
      const atHead = revisions.length === chain.heads.length && chain.heads.every((h) => revisions.includes(h));
      return { path: found.path, kind: found.kind, revisions, release: ctx.project.releaseOf(state), atHead, error: null };
    });
  } catch (thrown) {
    const error = asMigrateError(thrown);
    if (error.code === 'OUT_OF_MEMORY' || error.code === 'INTERNAL') throw error;
    if (found.kind === 'bare-database' && NOT_OURS.has(error.code)) return null;
    return { path: found.path, kind: found.kind, revisions: [], release: null, atHead: false, error: { code: error.code, message: error.message } };
  }
}

/** One project's line: the path (padded to `width` so the columns line up), where it is, what to do. */
function line(p: ScannedProject, width: number): string {
  const path = printedPath(p.path).padEnd(width);
  if (p.error) return `${path}  cannot be read: ${p.error.message}`;
  const bare = p.kind === 'bare-database' ? 'bare database, ' : '';
  const where = `${p.revisions.length ? p.revisions.join(', ') : 'no revision'} (${p.release})`;
  const status = p.atHead ? 'up to date' : p.kind === 'bare-database' ? 'needs upgrade (with --project)' : 'needs upgrade';
  return `${path}  ${bare}${where}  ${status}`;
}

export function scan(ctx: CliContext, positionals: readonly string[]): ExitCode {
  const [root, ...extra] = positionals;
  if (!root || extra.length) throw new UsageError('scan takes one folder: scan ROOT.');
  let isFolder: boolean;
  try {
    isFolder = statSync(root).isDirectory();
  } catch {
    throw new MigrateError('FILE_NOT_FOUND', `There is no folder "${shownPath(root)}".`, { path: root });
  }
  if (!isFolder) throw new UsageError(`scan takes a folder, and "${shownPath(root)}" is a file; "entropy-migrate check ${shownPath(root)}" tells about one database.`);

  const tree = findProjects(root, ctx.project.layout);
  const projects = tree.found.map((found) => read(ctx, found)).filter((p): p is ScannedProject => p !== null);
  const unreadable = projects.filter((p) => p.error).length;
  const behind = projects.filter((p) => !p.error && !p.atHead).length;
  const code: ExitCode = unreadable || tree.unreadable.length ? 2 : behind ? 1 : 0;

  if (ctx.json) {
    ctx.out(JSON.stringify({ version: VERSION, root, heads: ctx.project.chain.heads, projects, unreadableFolders: tree.unreadable }, null, 2));
    return code;
  }
  const width = Math.min(60, Math.max(0, ...projects.map((p) => printedPath(p.path).length)));
  for (const p of projects) ctx.out(line(p, width));
  for (const folder of tree.unreadable) ctx.err(`warning: cannot look inside "${shownPath(folder.path)}" (${folder.reason}); projects there are not listed.`);
  if (!projects.length) ctx.out(`No ${ctx.project.name} project under ${printedPath(root)}: no folder there holds ${ctx.project.layout.database}, and no .db file there is ${aProject(ctx.project)} database.`);
  else {
    const upToDate = projects.length - behind - unreadable;
    const parts = [`${upToDate} up to date`, `${behind} need${behind === 1 ? 's' : ''} upgrade`, ...(unreadable ? [`${unreadable} cannot be read`] : [])];
    ctx.out(`${projects.length} ${ctx.project.name} project${projects.length === 1 ? '' : 's'} under ${printedPath(root)}: ${parts.join(', ')}.`);
  }
  return code;
}
