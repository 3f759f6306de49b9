/** Puts a migrated database where the user asked, never over the input unless --in-place. */
import { rmSync } from 'node:fs';
import type { CliOptions } from './context.ts';
import { besideInput, refuseExisting, writeAtomically } from './files.ts';
import { ownershipOf } from './permissions.ts';
import { refuseNonRegularTarget } from './regular-file.ts';
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
    refuseNonRegularTarget(backup, 'backup');
    refuseExisting(backup, force);
    const ownership = ownershipOf(input, true);
    writeAtomically(backup, original, ownership);
    try {
      writeAtomically(input, result, ownership);
    } catch (error) {
      // The input is untouched (the write is atomic), so the backup only stands in the way:
      // left behind, it makes the next run stop at OUTPUT_EXISTS.
      rmSync(backup, { force: true });
      throw error;
    }
    return input;
  }
  const output = options.output ?? besideInput(input, suffix);
  refuseSameFile(input, [{ path: output, role: 'output' }]);
  refuseNonRegularTarget(output, 'output');
  refuseExisting(output, force);
  writeAtomically(output, result, ownershipOf(input, false));
  return output;
}
