import { MigrateError } from '../engine/index.ts';

/** The command line was wrong: say what is expected. */
export class UsageError extends MigrateError {
  constructor(message: string) {
    super('USAGE', `${message} Run "entropy-migrate --help" for usage.`);
    this.name = 'UsageError';
  }
}
