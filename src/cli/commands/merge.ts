/** merge: a revision that joins two (or more) heads, written into the project in the working folder. */
import { checkChainIsCurrent, mergeRevisions } from '../../devtools/merge.ts';
import type { CliBase, ExitCode } from '../context.ts';

export interface MergeCommandOptions {
  readonly message?: string;
  readonly 'rev-id'?: string;
}

export function merge(ctx: CliBase, positionals: readonly string[], options: MergeCommandOptions): ExitCode {
  const root = process.cwd();
  checkChainIsCurrent(root, ctx.chain);
  const written = mergeRevisions(root, ctx.chain, { message: options.message, revisions: positionals, revId: options['rev-id'] });
  if (ctx.json) {
    ctx.out(JSON.stringify(written, null, 2));
  } else {
    ctx.out(`Wrote ${written.file} and registered ${written.revision} in migrations/index.ts.`);
  }
  return 0;
}
