/** The page's own refusals, beside the engine's (errors by layer), with the engine's codes. */
import { MigrateError } from '../engine/errors.ts';
import { formatBytes } from './format.ts';

/**
 * A file over the page's fixed limit. The limit is the tab's, not the computer's: closing
 * other tabs does not raise it, so the sentence does not suggest it.
 */
export class TooBigForPageError extends MigrateError {
  constructor(sizeBytes: number, limitBytes: number) {
    super(
      'OUT_OF_MEMORY',
      `This file is ${formatBytes(sizeBytes)}; this page opens files of up to ${formatBytes(limitBytes)}, a fixed limit of one browser tab whatever memory the computer has. Nothing was read. The command-line tool entropy-migrate has no such limit.`,
      { sizeBytes, limitBytes },
    );
    this.name = 'TooBigForPageError';
  }
}

/** A project whose database and results files together pass the page's limit. */
export class ProjectTooBigError extends MigrateError {
  constructor(sizeBytes: number, limitBytes: number) {
    super(
      'OUT_OF_MEMORY',
      `This project's database, parameters and results files come to ${formatBytes(sizeBytes)}; this page upgrades projects of up to ${formatBytes(limitBytes)}, a fixed limit of one browser tab whatever memory the computer has. Nothing was read. The command-line tool entropy-migrate has no such limit: entropy-migrate upgrade PROJECT-FOLDER.`,
      { sizeBytes, limitBytes },
    );
    this.name = 'ProjectTooBigError';
  }
}

/** One file of a project that the run would have to hold in memory at once, over the page's limit. */
export class ProjectFileTooBigError extends MigrateError {
  constructor(path: string, sizeBytes: number, limitBytes: number) {
    super(
      'OUT_OF_MEMORY',
      `The project's file ${path} is ${formatBytes(sizeBytes)}; this page reads files of up to ${formatBytes(limitBytes)} at once, a fixed limit of one browser tab whatever memory the computer has. Nothing was read. The command-line tool entropy-migrate has no such limit: entropy-migrate upgrade PROJECT-FOLDER.`,
      { path, sizeBytes, limitBytes },
    );
    this.name = 'ProjectFileTooBigError';
  }
}
