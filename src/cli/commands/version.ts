/**
 * --version: which entropy-migrate this is, the revision it upgrades to, and the SQLite it
 * runs on here (native, or sql.js and why: said every time here, unlike the once-only note).
 */
import { aProject } from '../../engine/index.ts';
import type { CliBase, ExitCode } from '../context.ts';
import { describeRevisions } from '../describe.ts';
import type { ChosenEngine } from '../engine.ts';
import { VERSION } from '../version.ts';

export async function showVersion(ctx: CliBase, choose: () => Promise<ChosenEngine>): Promise<ExitCode> {
  const { project } = ctx;
  const heads = project.chain.heads;
  let engine: ChosenEngine;
  try {
    engine = await choose();
  } catch (error) {
    // --engine native where it cannot load: the version is still the answer asked for.
    engine = { name: 'sqljs', note: null, reason: (error as Error).message };
  }
  const reason = engine.name === 'sqljs' ? (engine.reason ?? null) : null;
  if (ctx.json) {
    ctx.out(JSON.stringify({ version: VERSION, project: project.name, heads, sqlite: engine.name, nativeUnavailable: reason }));
    return 0;
  }
  const sqlite =
    engine.name === 'native'
      ? 'native SQLite (better-sqlite3)'
      : reason
        ? `sql.js (native SQLite cannot be loaded: ${reason})`
        : 'sql.js (as --engine asked)';
  ctx.out(`entropy-migrate ${VERSION}`);
  ctx.out(`Upgrades ${aProject(project)} project to ${describeRevisions(project, heads)}; runs on ${sqlite}.`);
  return 0;
}
