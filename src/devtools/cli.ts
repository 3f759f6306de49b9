/**
 * The developer entry point: verbs for people who write revisions, run from a checkout of
 * this repository (`npm run migration:merge`, `npm run migration:sql`). The user's
 * entropy-migrate carries none of them.
 */
import { join } from 'node:path';
import { joinRelativeTargets, Migrator } from '../engine/index.ts';
import { nodeOpener } from '../sqljs/node.ts';
import { checkChainIsCurrent, mergeRevisions } from './merge.ts';
import { offlineSql } from './offline-sql.ts';
import { DevtoolError, loadProject } from './project.ts';
import { isEntryPoint, parseToolArgs, runTool } from './run-tool.ts';
import { wroteLine } from './scaffold.ts';

export interface DevIo {
  out(line: string): void;
}

/** Runs one developer verb in the checkout at `root`. */
export async function devCommand(root: string, argv: readonly string[], io: DevIo): Promise<void> {
  const [verb, ...rest] = argv;
  const { values, positionals } = parseToolArgs(joinRelativeTargets(rest), {
    from: { type: 'string' },
    to: { type: 'string' },
    message: { type: 'string', short: 'm' },
    'rev-id': { type: 'string' },
    json: { type: 'boolean' },
    project: { type: 'string' },
  }, true);
  const project = await loadProject(root, values.project);
  switch (verb) {
    case 'sql': {
      if (positionals.length) throw new DevtoolError('sql takes no database; give the range with --from REV --to REV.');
      const script = offlineSql(new Migrator(await nodeOpener(), project.definition), values.from ?? 'base', values.to ?? 'heads');
      io.out(values.json ? JSON.stringify({ direction: script.direction, from: script.from, to: script.to, sql: script.text }, null, 2) : script.text.trimEnd());
      return;
    }
    case 'merge': {
      checkChainIsCurrent(join(root, project.folder), project.chain);
      const written = mergeRevisions(project, { message: values.message, revisions: positionals, revId: values['rev-id'] });
      io.out(values.json ? JSON.stringify(written, null, 2) : wroteLine(written));
      return;
    }
    default:
      throw new DevtoolError(`Unknown developer command "${verb ?? ''}"; use sql or merge (migration:new and migration:autogenerate are their own scripts).`);
  }
}

if (isEntryPoint(import.meta.url)) {
  await runTool('entropy-migrate developer tools', () => devCommand(process.cwd(), process.argv.slice(2), { out: (line) => process.stdout.write(`${line}\n`) }));
}
