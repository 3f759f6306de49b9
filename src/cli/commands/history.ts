/** heads / history: the chain itself, newest first. */
import { downRevisionsOf } from '../../engine/index.ts';
import type { CliBase, ExitCode } from '../context.ts';

export function history(ctx: CliBase, onlyHeads: boolean): ExitCode {
  const heads = new Set(ctx.chain.heads);
  const scripts = [...ctx.chain.ordered].reverse().filter((s) => !onlyHeads || heads.has(s.revision));
  if (ctx.json) {
    ctx.out(JSON.stringify(scripts.map((s) => ({
      revision: s.revision,
      downRevision: s.downRevision,
      message: s.message,
      createDate: s.createDate,
      entropyRelease: s.entropyRelease ?? null,
      head: heads.has(s.revision),
    })), null, 2));
    return 0;
  }
  for (const s of scripts) {
    const down = s.downRevision === null ? '<base>' : downRevisionsOf(s).join(', ');
    const release = s.entropyRelease ? `  [Entropy ${s.entropyRelease}]` : '';
    ctx.out(`${down} -> ${s.revision}${heads.has(s.revision) ? ' (head)' : ''}, ${s.message}${release}`);
  }
  return 0;
}
