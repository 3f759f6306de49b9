/**
 * The SQL a range of revisions runs, as a script to review or to run elsewhere (Alembic's
 * --sql mode): the runner's recording mode, on an empty database built at the start revision.
 */
import { downRevisionsOf, Migrator, VERSION_TABLE_DDL, type Chain, type Direction, type RecordedStep } from '../engine/index.ts';

export interface OfflineScript {
  readonly direction: Direction | null;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly text: string;
}

const named = (revisions: readonly string[]): string => revisions.join(', ') || 'base';
const comment = (text: string): string => text.split('\n').map((line) => `-- ${line}`.trimEnd()).join('\n');

function stepBlock(chain: Chain, step: RecordedStep): string {
  const parents = named(downRevisionsOf(chain.get(step.revision)));
  const arrow = step.direction === 'upgrade' ? `${parents} -> ${step.revision}` : `${step.revision} -> ${parents}`;
  return [
    comment(`Running ${step.direction} ${arrow}, ${step.message}`),
    ...step.notes.map((note) => comment(`note: ${note}`)),
    ...step.statements.map((sql) => `${sql};`),
  ].join('\n');
}

/** The script that takes a database from `fromTarget` to `toTarget` (either way). */
export function offlineSql(migrator: Migrator, fromTarget: string, toTarget: string): OfflineScript {
  const { direction, from, to, steps } = migrator.record(null, fromTarget, toTarget);
  const header = comment(
    `${migrator.project.name} offline SQL: ${direction ?? 'nothing to do'} from ${named(from)} to ${named(to)}.\n` +
      'Recorded on an empty database built at the start revision. Revisions that look at a database\n' +
      'before they act (create a table only if missing, delete flagged rows) may run other\n' +
      'statements on a real file: review the script before running it elsewhere.',
  );
  if (!direction) return { direction, from, to, text: `${header}\n` };
  // The runner creates alembic_version outside any step; a script from base needs it too.
  const setup = from.length === 0 && direction === 'upgrade' ? [`${VERSION_TABLE_DDL};`] : [];
  const blocks = [header, ...setup, ...steps.map((step) => stepBlock(migrator.chain, step))];
  return { direction, from, to, text: `${blocks.join('\n\n')}\n` };
}
