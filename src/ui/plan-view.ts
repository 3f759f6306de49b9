/**
 * One screen to act: the file in a line or two, the plan as a short list in plain words, and
 * the run button in a bar that stays in view. Everything technical (each step's revision,
 * notes and SQL, the tables' row counts, the choice of another target) is folded away.
 */
import type { Inspection, PlannedStep, StepStatus } from '../engine/index.ts';
import type { Opened, PlanView, RevisionInfo } from '../worker/api.ts';
import { printable } from '../engine/printable.ts';
import { foldedNotes, h } from './dom.ts';
import { fileFacts, tablesDetails } from './file-facts.ts';
import { plural } from './format.ts';
import type { Picked } from './picker.ts';
import { latestRelease, type PageProject } from './project-words.ts';
import { lossesOf, planItems, type PlanItem } from './revision-words.ts';
import { confirmDatabaseAlone, confirmDowngrade } from './confirm-dialogs.ts';

export interface PlanHandlers {
  readonly onRun: () => void;
  readonly onTarget: (target: string) => void;
  /** Where each step of the last run ended, when it failed at a step (StepFailedError); marks the plan. */
  readonly failedRun?: readonly StepStatus[] | null;
}

/** Transaction brackets are how a step runs, not what it does: they are not counted. */
const BRACKET = /^\s*(BEGIN|COMMIT|ROLLBACK)\b/i;

export function countedStatements(statements: readonly string[]): number {
  return statements.filter((s) => !BRACKET.test(s)).length;
}

function sqlText(statements: readonly string[]): string {
  return statements.map((s) => (s.trimEnd().endsWith(';') ? s.trimEnd() : `${s.trimEnd()};`)).join('\n\n');
}

/** "what Entropy 0.15.4 to 0.15.9 use", or for a revision no release stops at, its id and why. */
export function formatOf(project: PageProject, ids: readonly string[]): string {
  if (!ids.length) return `an empty database, with none of ${project.name}'s tables`;
  const info = (id: string) => project.revisions.find((r) => r.revision === id);
  if (ids.length === 1) {
    const at = info(ids[0]!)?.releases;
    if (at) return `what ${at} use${at.includes(' to ') ? '' : 's'}`;
  }
  return ids.map((id) => `revision ${id} (${info(id)?.writtenBy ?? 'a revision this page does not know'})`).join(', ');
}

/** What a failed run did at a plan line: the words, and the status a test reads. */
const ENDED: Record<StepStatus['status'], string> = {
  failed: 'Failed here.',
  applied: 'Ran on a throw-away copy.',
  'not-run': 'Not run.',
};

/** A line's status in a failed run: a line of several steps failed if one did, was not run if none ran. */
function endedAt(item: PlanItem, failedRun: readonly StepStatus[]): StepStatus['status'] | null {
  const statuses = failedRun.filter((s) => item.revisions.includes(s.revision)).map((s) => s.status);
  if (!statuses.length) return null;
  if (statuses.includes('failed')) return 'failed';
  return statuses.every((s) => s === 'not-run') ? 'not-run' : 'applied';
}

function planItem(item: PlanItem, failedRun: readonly StepStatus[] | null): HTMLElement {
  const ended = failedRun && endedAt(item, failedRun);
  return h(
    'li',
    { 'data-revision': item.revisions.join(' '), ...(ended ? { 'data-status': ended } : {}) },
    h('strong', null, item.title),
    ' ',
    h('span', { class: 'explain' }, item.explain),
    ended ? h('span', { class: `ended ${ended}` }, ` ${ENDED[ended]}`) : null,
  );
}

/** A step's technical account, for "Details": revision, release, summary, notes and SQL. */
function stepDetails(step: PlannedStep, statements: readonly string[], project: PageProject): HTMLElement {
  return h(
    'li',
    { 'data-step': step.revision },
    h('p', { class: 'step-head' }, h('code', null, step.revision), ` ${step.message}`, step.release ? h('span', { class: 'tag' }, `first in ${project.name} ${step.release}`) : null, step.direction === 'downgrade' ? h('span', { class: 'tag down' }, 'undo') : null),
    h('p', null, step.direction === 'downgrade' ? `Undoes this revision. Going up, it did this: ${step.summary}` : step.summary),
    step.warnings.map((w) => h('p', { class: 'warning' }, w)),
    h('details', { class: 'sql' }, h('summary', null, `Show the SQL (${plural(countedStatements(statements), 'statement')})`), h('pre', { tabindex: 0 }, h('code', null, sqlText(statements)))),
  );
}

/**
 * Under Advanced, a choice of target revision. Choosing an option does nothing by itself
 * (arrow keys move through options): the plan changes when the button is pressed. Its select
 * is built only once Advanced is opened: most people never open it, and styling the select
 * was half of the first frame after a file was chosen.
 */
function targetPicker(project: PageProject, inspection: Inspection, view: PlanView, handlers: PlanHandlers): HTMLElement {
  const revisions: readonly RevisionInfo[] = project.revisions;
  const field = (): HTMLElement => {
    const select = h('select', { id: 'target-revision' });
    for (const r of [...revisions].reverse()) {
      const marks = [inspection.heads.includes(r.revision) ? 'newest' : null, inspection.revisions.includes(r.revision) ? 'this file now' : null].filter(Boolean);
      const option = h('option', { value: r.revision }, `${r.revision} · ${r.writtenBy}${marks.length ? ` (${marks.join(', ')})` : ''}`);
      option.selected = view.plan.to.includes(r.revision) || (view.target === 'heads' && inspection.heads.includes(r.revision));
      select.append(option);
    }
    return h(
      'div',
      { class: 'field' },
      h('label', { for: 'target-revision' }, 'Target revision'),
      h('div', { class: 'field-row' }, select, h('button', { type: 'button', class: 'button', onclick: () => handlers.onTarget(select.value) }, 'Plan for this revision')),
      h('p', { class: 'hint' }, `Upgrade or downgrade to any revision of ${project.name}'s chain. Going down deletes what later revisions added; data that a revision removed does not come back.`),
    );
  };
  const open = view.target !== 'heads';
  const details = h('details', { class: 'more advanced', open }, h('summary', null, 'Advanced: another target revision'));
  if (open) details.append(field());
  else details.addEventListener('toggle', () => details.append(field()), { once: true });
  return details;
}

/** What a downgrade deletes, a sentence each, for its confirmation. */
export function downgradeLosses(view: PlanView): string[] {
  return view.plan.direction === 'downgrade' ? lossesOf(view.plan.steps) : [];
}

const capitalised = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The project's work on its files after the steps (moving results into HDF5 files), as plan lines. */
function finishingItems(view: PlanView, project: PageProject): HTMLElement[] {
  return view.finishing
    .filter((f) => f.changes.length)
    .map((f) => h('li', { 'data-part': 'finishing' }, h('strong', null, f.title), ' ', h('span', { class: 'explain' }, `${capitalised(f.changes.join('; '))}.`), foldedNotes((n) => `${n === 1 ? 'One thing' : `${n} things`} to know about how ${latestRelease(project)} will read these results`, f.warnings)));
}

/** For the database alone: what that leaves undone, and the project folder offered instead. */
function leftUndoneView(view: PlanView, project: PageProject): HTMLElement | null {
  if (!view.leftUndone.length) return null;
  return h(
    'div',
    { class: 'banner warn', 'data-testid': 'left-undone' },
    h('p', { class: 'banner-title' }, 'Only the database is open, so the upgrade would leave this undone:'),
    h('ul', null, view.leftUndone.map((l) => h('li', null, printable(l, 400)))),
    h('p', null, h('label', { for: 'open-folder', class: 'button' }, 'Open the project folder instead'), ` to upgrade it all, as ${project.name}'s own upgrade does.`),
  );
}

/**
 * Triggers on alembic_version were made by hand or by another tool: they run at every step's
 * stamp, and what they do there is not the plan's. The preview leaves them out, so only the
 * run would meet one that never ends; the page says so before, and Cancel stops it.
 */
function versionTriggersView(triggers: readonly string[], project: PageProject): HTMLElement | null {
  if (!triggers.length) return null;
  const shown = triggers.slice(0, 3).map((t) => printable(t));
  const more = triggers.length > shown.length ? ` and ${triggers.length - shown.length} more` : '';
  return h(
    'div',
    { class: 'banner warn', 'data-testid': 'version-triggers' },
    h('p', { class: 'banner-title' }, `This file has ${triggers.length === 1 ? 'a trigger' : 'triggers'} on alembic_version, which ${project.name} never makes: ${shown.join(', ')}${more}.`),
    h(
      'p',
      null,
      `${triggers.length === 1 ? 'It runs' : 'They run'} at every step of the upgrade. If one never finishes, the upgrade waits with it: press Cancel, and nothing is written. If one changes the recorded revision, the upgrade stops with nothing written. Dropping ${triggers.length === 1 ? 'the trigger' : 'the triggers'} first avoids both.`,
    ),
  );
}

/**
 * What the run would stop on before writing anything (a value the move cannot take), said
 * before the user presses Upgrade rather than after the wait.
 */
function stopsView(stops: readonly string[], project: PageProject): HTMLElement | null {
  if (!stops.length) return null;
  return h(
    'div',
    { class: 'banner error', 'data-testid': 'will-stop' },
    h('p', { class: 'banner-title' }, `This project cannot be upgraded as it is: the upgrade would stop, with nothing written.`),
    stops.map((s) => h('p', null, printable(s, 600))),
    h('p', null, `The database alone can still be upgraded: open ${project.database} by itself; what that leaves undone is said there.`),
  );
}

export function planView(picked: Picked, opened: Opened, view: PlanView, project: PageProject, handlers: PlanHandlers): HTMLElement {
  const { inspection } = opened;
  const { plan } = view;
  const toHead = view.target === 'heads';
  const finishing = finishingItems(view, project);
  const stops = view.finishing.flatMap((f) => (f.stops === null ? [] : [f.stops]));
  const nothing = plan.steps.length === 0 && finishing.length === 0;
  const up = plan.direction === 'upgrade';
  const target = formatOf(project, plan.to);
  const intro = nothing
    ? h(
        'p',
        { class: 'banner ok', 'data-testid': 'nothing-to-do' },
        toHead ? `Already up to date: this file is in the format that ${target.replace(/^what /, '')}. There is nothing to upgrade.` : `This file is already at ${plan.to.join(', ')}. There is nothing to run.`,
      )
    : h('p', null, `${up ? 'Upgrading' : 'Downgrading'}${view.whole ? ' the project' : ''} brings it to ${target}${view.whole ? ', database and files together' : ''}:`);
  const label = toHead ? 'Upgrade' : `${up ? 'Upgrade' : 'Downgrade'} to ${plan.to.join(', ')}`;
  const run = (): void => {
    if (up && view.leftUndone.length) {
      const dialog = confirmDatabaseAlone(view.leftUndone, project, handlers.onRun);
      document.body.append(dialog);
      return dialog.showModal();
    }
    if (up) return handlers.onRun();
    const dialog = confirmDowngrade(target, downgradeLosses(view), handlers.onRun);
    document.body.append(dialog);
    dialog.showModal();
  };
  return h(
    'section',
    { class: 'card plan', 'aria-labelledby': 'plan-heading' },
    h('h2', { id: 'plan-heading', tabindex: -1 }, nothing ? 'Nothing to change' : stops.length ? 'Cannot upgrade as it is' : up ? 'Ready to upgrade' : 'Ready to downgrade'),
    fileFacts(picked, inspection, project),
    stopsView(stops, project),
    inspection.notes.map((note) => h('p', { class: 'banner note' }, note)),
    versionTriggersView(opened.versionTriggers, project),
    intro,
    nothing ? null : h('ul', { class: 'steps' }, planItems(plan.steps, view.whole).map((item) => planItem(item, handlers.failedRun ?? null)), finishing),
    leftUndoneView(view, project),
    plan.steps.length === 0
      ? null
      : h('details', { class: 'more' }, h('summary', null, plan.steps.length === 1 ? 'Details of the step' : `Details of the ${plan.steps.length} steps`), h('ol', { class: 'step-details' }, plan.steps.map((step, i) => stepDetails(step, view.statements[i] ?? [], project)))),
    tablesDetails(inspection),
    targetPicker(project, inspection, view, handlers),
    nothing
      ? null
      : h(
          'div',
          { class: 'action-bar' },
          h('button', { type: 'button', class: up ? 'button primary big' : 'button danger big', id: 'run', onclick: run, disabled: stops.length > 0 }, label),
          h(
            'span',
            { class: 'hint' },
            stops.length
              ? 'The upgrade would stop on what is said above, so it cannot be run on this folder.'
              : view.whole
              ? 'Your folder stays as it is until you choose to write the result into it; you can also download it.'
              : up
                ? 'Your file stays as it is; you download an upgraded copy.'
                : 'Your file stays as it is; you download a downgraded copy.',
          ),
        ),
  );
}
