/** Puts a migrated database where the user asked, never over the input unless --in-place. */
import type { CliOptions } from './context.ts';
import { besideInput, refuseExisting, writeAtomically } from './files.ts';
import { refuseSameFile } from './same-file.ts';

/** Writes `result` and returns where it went. */
export function deliver(
  input: string,
  original: Uint8Array,
  result: Uint8Array,
  fromRevisions: readonly string[],
  suffix: string,
  options: CliOptions,
): string {
  const force = options.force ?? false;
  if (options['in-place']) {
    const backup = besideInput(input, `bak.${fromRevisions.join('_') || 'base'}`);
    refuseSameFile(input, [{ path: backup, role: 'backup' }]);
    refuseExisting(backup, force);
    writeAtomically(backup, original);
    writeAtomically(input, result);
    return input;
  }
  const output = options.output ?? besideInput(input, suffix);
  refuseSameFile(input, [{ path: output, role: 'output' }]);
  refuseExisting(output, force);
  writeAtomically(output, result);
  return output;
}
