/** sql: the SQL script a range of revisions runs, for review or for running elsewhere. */
import { offlineSql } from '../../devtools/offline-sql.ts';
import type { CliContext, ExitCode } from '../context.ts';
import { UsageError } from '../errors.ts';

export interface SqlOptions {
  readonly from?: string;
  readonly to?: string;
}

export function sql(ctx: CliContext, positionals: readonly string[], options: SqlOptions): ExitCode {
  if (positionals.length) throw new UsageError('sql takes no database; give the range with --from REV --to REV.');
  const script = offlineSql(ctx.open, ctx.chain, options.from ?? 'base', options.to ?? 'heads');
  if (ctx.json) {
    ctx.out(JSON.stringify({ direction: script.direction, from: script.from, to: script.to, sql: script.text }, null, 2));
  } else {
    ctx.out(script.text.trimEnd());
  }
  return 0;
}
