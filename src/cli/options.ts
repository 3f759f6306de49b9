/**
 * The command line's options and which commands open a database: shared by main() and by the
 * entry point, which reads them before the rest of the CLI loads (bin.ts), so this module
 * imports nothing of the project.
 */
import { parseArgs } from 'node:util';

export const CLI_OPTIONS = {
  output: { type: 'string', short: 'o' },
  to: { type: 'string' },
  'in-place': { type: 'boolean' },
  force: { type: 'boolean' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
  'db-only': { type: 'boolean' },
  project: { type: 'boolean' },
  engine: { type: 'string' },
  'memory-limit': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

/** The commands that open a database: they run in a worker when main() is given one. */
export const DATABASE_COMMANDS: ReadonlySet<string> = new Set(['upgrade', 'downgrade', 'stamp', 'current', 'check']);

/** The commands that take several projects. */
export const SEVERAL_COMMANDS: ReadonlySet<string> = new Set(['upgrade', 'check', 'current']);

/**
 * The --memory-limit option's value, as written, when the command line looks like one
 * database command (one project) that main() will hand to a worker; null otherwise. A guess
 * made before the CLI loads: main() decides, and a wrong guess costs only a worker unused.
 */
export function singleRunLimit(argv: readonly string[]): { memoryLimit: string | undefined } | null {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: CLI_OPTIONS, allowPositionals: true, strict: false });
  } catch {
    return null;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || values.version || !command || !DATABASE_COMMANDS.has(command)) return null;
  if (SEVERAL_COMMANDS.has(command) && rest.length > 1) return null;
  const limit = values['memory-limit'];
  return { memoryLimit: typeof limit === 'string' ? limit : undefined };
}
