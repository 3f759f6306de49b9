/** heads / history: the chain itself, newest first. */
import { downRevisionsOf } from '../../engine/index.ts';
import type { CliBase, ExitCode } from '../context.ts';

export function history(ctx: CliBase, onlyHeads: boolean): ExitCode {
  const { chain } = ctx.project;
  const heads = new Set(chain.heads);
  const scripts = [...chain.ordered].reverse().filter((s) => !onlyHeads || heads.has(s.revision));
  if (ctx.json) {
    ctx.out(JSON.stringify(scripts.map((s) => ({
      revision: s.revision,
      downRevision: s.downRevision,
      message: s.message,
      createDate: s.createDate,
      release: s.release ?? null,
      head: heads.has(s.revision),
    })), null, 2));
    return 0;
  }
  for (const s of scripts) {
    const down = s.downRevision === null ? '<base>' : downRevisionsOf(s).join(', ');
    const release = s.release ? `  [${ctx.project.name} ${s.release}]` : '';
    ctx.out(`${down} -> ${s.revision}${heads.has(s.revision) ? ' (head)' : ''}, ${s.message}${release}`);
  }
  return 0;
}
