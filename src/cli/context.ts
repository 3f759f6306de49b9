import type { Chain, DbOpener } from '../engine/index.ts';

/** What every command gets: the chain, sql.js, and where to print. */
export interface CliContext {
  readonly chain: Chain;
  readonly open: DbOpener;
  readonly json: boolean;
  out(line: string): void;
  err(line: string): void;
}

export interface CliOptions {
  readonly output?: string;
  readonly to?: string;
  readonly 'in-place'?: boolean;
  readonly force?: boolean;
  readonly json?: boolean;
}

/** A command's verdict: its exit code (0 unless it says otherwise). */
export type ExitCode = 0 | 1 | 2;
