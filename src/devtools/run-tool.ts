/** How the npm scripts (migration:new, migration:autogenerate) start, report and fail. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { toErrorInfo } from '../engine/index.ts';
import { DevtoolError } from './project.ts';

/** True when `moduleUrl` is the script node (tsx) was asked to run, not an import. */
export function isEntryPoint(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
}

export function parseToolArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals, strict: true });
  } catch (error) {
    throw new DevtoolError(`${(error as Error).message}.`);
  }
}

/** Runs a tool; any failure becomes one sentence on stderr and exit code 2. */
export async function runTool(name: string, tool: () => Promise<void>): Promise<void> {
  try {
    await tool();
  } catch (error) {
    process.stderr.write(`${name}: ${toErrorInfo(error).message}\n`);
    process.exitCode = 2;
  }
}
