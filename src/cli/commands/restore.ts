/**
 * restore DIR: puts a project back exactly as it was before the last upgrade (or downgrade)
 * in place, from the backup folder that run kept (engine restore.ts), and says what it did.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MigrateError, plural, restoreBackup } from '../../engine/index.ts';
import type { CliBase, CliOptions, ExitCode } from '../context.ts';
import { diskFolder, ownerAlive, thisProcess } from '../disk-folder.ts';
import { UsageError } from '../errors.ts';
import { booksOf, settleFolder } from '../settle-folder.ts';
import { printedPath, sentenceLine } from '../terminal.ts';

export async function restore(ctx: CliBase, positionals: string[], options: CliOptions): Promise<ExitCode> {
  const [dir, ...extra] = positionals;
  if (!dir || extra.length) throw new UsageError('restore takes one project folder.');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new MigrateError('FILE_NOT_FOUND', `There is no project folder "${printedPath(dir)}" to restore.`, { path: dir });
  }
  const recovered = await settleFolder(ctx.project, dir);
  if (recovered && !ctx.json) ctx.err(`note: ${sentenceLine(recovered)}`);
  const gate = ctx.watchStops();
  try {
    await gate.enterWrite();
    const report = await restoreBackup(diskFolder(dir), booksOf(ctx.project), {
      token: String(process.pid),
      owner: thisProcess(),
      alive: ownerAlive,
      force: options.force ?? false,
      words: { elsewhere: 'restore by hand from the backup folder', force: 'add --force' },
    });
    const { manifest, folder } = report.backup;
    if (ctx.json) {
      ctx.out(JSON.stringify({ command: 'restore', project: dir, recovered, backup: folder, made: manifest.made, undid: manifest.what, restored: report.restored, removed: report.removed, keptAside: report.keptAside }, null, 2));
      return 0;
    }
    const undid = `${manifest.what.command} of ${manifest.made} (from ${manifest.what.from.join(', ') || 'base'} to ${manifest.what.to.join(', ') || 'base'})`;
    ctx.out(`Restored ${printedPath(dir)} as it was before the ${undid}: put back ${plural(report.restored.length, 'file')} and removed ${plural(report.removed.length, 'file')} it had added, from ${printedPath(join(dir, ...folder.split('/')))}.`);
    if (report.keptAside) ctx.out(`The files it replaced are kept in ${printedPath(join(dir, ...report.keptAside.split('/')))}.`);
    return 0;
  } finally {
    gate.close();
  }
}
