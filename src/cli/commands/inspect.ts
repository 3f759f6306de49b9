/** current / check / stamp: read or set the recorded revision. */
import { currentRevisions, type Db } from '../../engine/index.ts';
import type { CliContext, CliOptions, ExitCode } from '../context.ts';
import { describeRevisions } from '../describe.ts';
import { UsageError } from '../errors.ts';
import { readDatabase, resolveDatabase } from '../files.ts';
import { handOverBuffer } from '../../sqljs/node.ts';
import { printedPath, sentenceLine } from '../terminal.ts';
import { runOnFile } from '../file-run.ts';
import { settleFolder } from '../settle-folder.ts';
import { readOnlySource } from '../native-source.ts';
import { VERSION } from '../version.ts';

/** The database of a file or a project folder; a folder is settled first (an interrupted upgrade finished or undone). */
async function oneDatabase(ctx: CliContext, command: string, positionals: string[]): Promise<string> {
  const [path, ...extra] = positionals;
  if (!path || extra.length) throw new UsageError(`${command} takes one database file or project folder.`);
  const database = resolveDatabase(path, ctx.project);
  if (database !== path) {
    const recovered = await settleFolder(ctx.project, path);
    if (recovered) ctx.err(`note: ${sentenceLine(recovered)}`);
  }
  return database;
}

/** Runs `read` on a checked, read-only copy of the database at `input`. */
export function withDatabase<T>(ctx: CliContext, input: string, read: (db: Db) => T): T {
  // Native SQLite reads the file where it lies; sql.js may take the bytes read as its file
  // instead of copying them (they are only read).
  const source = ctx.native ? readOnlySource(ctx.native, input) : null;
  try {
    const { db } = source ? ctx.migrator.openSource(source) : ctx.migrator.openCopy(readDatabase(input, handOverBuffer));
    try {
      return read(db);
    } finally {
      db.close();
    }
  } finally {
    source?.discard();
  }
}

function revisionsOf(ctx: CliContext, input: string): string[] {
  return withDatabase(ctx, input, (db) => currentRevisions(db, ctx.project.chain));
}

export async function current(ctx: CliContext, positionals: string[]): Promise<ExitCode> {
  const input = await oneDatabase(ctx, 'current', positionals);
  const revisions = revisionsOf(ctx, input);
  if (ctx.json) ctx.out(JSON.stringify({ version: VERSION, input, revisions }));
  else for (const r of revisions) ctx.out(r);
  return 0;
}

export async function check(ctx: CliContext, positionals: string[]): Promise<ExitCode> {
  const input = await oneDatabase(ctx, 'check', positionals);
  const revisions = revisionsOf(ctx, input);
  const heads = ctx.project.chain.heads;
  const atHead = revisions.length === heads.length && heads.every((h) => revisions.includes(h));
  if (ctx.json) ctx.out(JSON.stringify({ version: VERSION, input, revisions, heads, atHead }));
  else if (atHead) ctx.out(`${printedPath(input)} is up to date (${describeRevisions(ctx.project, revisions)}).`);
  // The advice names what was asked about: a project folder's upgrade is the whole project's.
  else ctx.out(`${printedPath(input)} is at ${describeRevisions(ctx.project, revisions)}; the head is ${describeRevisions(ctx.project, heads)}. Run "entropy-migrate upgrade ${printedPath(positionals[0]!)}".`);
  return atHead ? 0 : 1;
}

export async function stampCommand(ctx: CliContext, positionals: string[], options: CliOptions): Promise<ExitCode> {
  const [path, target, ...extra] = positionals;
  if (!path || !target || extra.length) throw new UsageError('stamp takes a database and a revision: stamp IN.db REV.');
  const input = resolveDatabase(path, ctx.project);
  const gate = ctx.watchStops();
  let result: { from: readonly string[]; to: readonly string[]; output: string | null };
  try {
    result = await runOnFile(ctx, input, 'stamped', { ...options, beforeWrite: () => gate.enterWrite() }, (on) => {
      const { from, to, output } = ctx.migrator.stampSource(on.source, target, on.take);
      // A stamp always writes its file, even one that records what the file holds already.
      return { from, to, output, changed: true };
    });
  } finally {
    gate.close();
  }
  const { output } = result;
  if (ctx.json) ctx.out(JSON.stringify({ version: VERSION, command: 'stamp', input, output, from: result.from, to: result.to }));
  else ctx.out(`Stamped ${printedPath(input)} as ${describeRevisions(ctx.project, result.to)} (was ${describeRevisions(ctx.project, result.from)}), no migration run. Wrote ${printedPath(output!)}.`); // changed: a stamp is always written
  return 0;
}
