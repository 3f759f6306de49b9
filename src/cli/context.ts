import type { Migrator, ProjectDefinition } from '../engine/index.ts';
import type { NativeSqlite } from '../native/adapter.ts';
import type { StopGate } from './interrupt.ts';

/** What every command gets: the project and where to print. */
export interface CliBase {
  readonly project: ProjectDefinition;
  readonly json: boolean;
  out(line: string): void;
  err(line: string): void;
  /** The gate a command passes before it writes (interrupt.ts); one per command. */
  watchStops(): StopGate;
}

/**
 * And the engine, for the commands that open a database (only they pay for loading it): a
 * Migrator on bytes, and native SQLite for the commands that work on the file itself (null
 * when sql.js runs instead).
 */
export interface CliContext extends CliBase {
  readonly migrator: Migrator;
  readonly native: NativeSqlite | null;
}

export interface CliOptions {
  readonly output?: string;
  readonly to?: string;
  readonly 'in-place'?: boolean;
  readonly force?: boolean;
  /** On a folder: the database alone, as for a .db path. */
  readonly 'db-only'?: boolean;
  /** On a bare .db: make it the project folder it belongs in, then upgrade that. */
  readonly project?: boolean;
}

/** A command's verdict: its exit code (0 unless it says otherwise). */
export type ExitCode = 0 | 1 | 2;
