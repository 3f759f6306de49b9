/**
 * "What will change": the steps of the plan with what each does, its warnings, and its SQL
 * on demand; the run button; and, under Advanced, a choice of target revision.
 */
import type { Inspection, PlannedStep } from '../engine/index.ts';
import type { PlanView, RevisionInfo } from '../worker/api.ts';
import { h } from './dom.ts';
import { plural, revisionLabel } from './format.ts';
import { releaseWords } from './found.ts';

export interface PlanHandlers {
  readonly onRun: () => void;
  readonly onTarget: (target: string) => void;
}

function releaseOf(revisions: readonly RevisionInfo[], ids: readonly string[]): string {
  const releases = ids.map((id) => revisions.find((r) => r.revision === id)?.release).filter((r): r is string => !!r);
  return releases.length ? ` (${releaseWords(releases.join(', '))})` : '';
}

function stepView(step: PlannedStep, statements: readonly string[]): HTMLElement {
  return h(
    'li',
    { class: 'step', 'data-revision': step.revision },
    h(
      'div',
      { class: 'step-head' },
      h('span', { class: 'step-title' }, step.message),
      h('code', { class: 'rev' }, step.revision),
      step.release ? h('span', { class: 'tag' }, `Entropy ${step.release}`) : null,
      step.direction === 'downgrade' ? h('span', { class: 'tag down' }, 'undo') : null,
    ),
    step.direction === 'downgrade'
      ? h('p', { class: 'summary' }, h('span', { class: 'label' }, 'Undoes this revision. Going up, it did this: '), step.summary)
      : h('p', { class: 'summary' }, step.summary),
    step.warnings.map((w) => h('p', { class: 'warning', role: 'note' }, w)),
    h(
      'details',
      { class: 'sql' },
      h('summary', null, `Show the SQL (${plural(statements.length, 'statement')})`),
      h('pre', null, h('code', null, statements.map((s) => (s.trimEnd().endsWith(';') ? s.trimEnd() : `${s.trimEnd()};`)).join('\n\n'))),
    ),
  );
}

/**
 * Under Advanced, a choice of target revision. Its select is built only once Advanced is
 * opened: most people never open it, and styling the select with its options was half of
 * the first frame after a file was chosen (20 ms of a 50-70 ms task on a slow machine).
 */
function targetPicker(revisions: readonly RevisionInfo[], inspection: Inspection, view: PlanView, handlers: PlanHandlers): HTMLElement {
  const field = (): HTMLElement => {
    const select = h('select', { id: 'target-revision' });
    for (const r of [...revisions].reverse()) {
      const marks = [
        inspection.heads.includes(r.revision) ? 'newest' : null,
        inspection.revisions.includes(r.revision) ? 'this database now' : null,
      ].filter(Boolean);
      const option = h('option', { value: r.revision }, `${r.revision} · ${r.message}${r.release ? ` · Entropy ${r.release}` : ''}${marks.length ? ` (${marks.join(', ')})` : ''}`);
      option.selected = view.plan.to.includes(r.revision) || (view.target === 'heads' && inspection.heads.includes(r.revision));
      select.append(option);
    }
    select.addEventListener('change', () => handlers.onTarget(select.value));
    return h(
      'div',
      { class: 'field' },
      h('label', { for: 'target-revision' }, 'Target revision'),
      select,
      h('p', { class: 'hint' }, 'Upgrade or downgrade to any revision of Entropy\'s chain. Going down undoes later revisions; data that a revision deleted does not come back.'),
    );
  };
  const open = view.target !== 'heads';
  const details = h('details', { class: 'advanced', open }, h('summary', null, 'Advanced'));
  if (open) details.append(field());
  else details.addEventListener('toggle', () => details.append(field()), { once: true });
  return details;
}

export function planView(inspection: Inspection, view: PlanView, revisions: readonly RevisionInfo[], handlers: PlanHandlers): HTMLElement {
  const { plan } = view;
  const toHead = view.target === 'heads';
  const nothing = plan.steps.length === 0;
  const verb = plan.direction === 'upgrade' ? 'Upgrade' : 'Downgrade';
  const intro = nothing
    ? h(
        'p',
        { class: 'banner ok', 'data-testid': 'nothing-to-do' },
        toHead
          ? `This database is already up to date: it is at the newest revision, ${revisionLabel(plan.to)}${releaseOf(revisions, plan.to)}. There is nothing to upgrade.`
          : `This database is already at ${revisionLabel(plan.to)}. There is nothing to run.`,
      )
    : h(
        'p',
        null,
        `${plural(plan.steps.length, 'step')} take${plan.steps.length === 1 ? 's' : ''} this database from revision `,
        h('code', null, revisionLabel(plan.from)),
        releaseOf(revisions, plan.from),
        ' to ',
        h('code', null, revisionLabel(plan.to)),
        `${releaseOf(revisions, plan.to)}. Each step runs in its own transaction on a copy in this tab.`,
      );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'plan-heading' },
    h('h2', { id: 'plan-heading' }, nothing ? 'Nothing to change' : 'What will change'),
    intro,
    nothing ? null : h('ol', { class: 'steps' }, plan.steps.map((step, i) => stepView(step, view.statements[i] ?? []))),
    nothing
      ? null
      : h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', class: 'button primary big', id: 'run', onclick: () => handlers.onRun() }, toHead ? 'Upgrade' : `${verb} to ${revisionLabel(plan.to)}`),
          h('span', { class: 'hint' }, 'Your file stays as it is; you download a new copy.'),
        ),
    revisions.length ? targetPicker(revisions, inspection, view, handlers) : null,
  );
}
