/**
 * The run: one row per step with its own progress bar, and an overall bar. A step is one
 * SQLite transaction, so a running step shows an indeterminate bar; it fills when done.
 */
import type { Plan, ProgressEvent, RunPhase } from '../engine/index.ts';
import { h } from './dom.ts';
import { formatDuration } from './format.ts';

export interface ProgressPanel {
  readonly element: HTMLElement;
  update(event: ProgressEvent): void;
}

export function progressPanel(plan: Plan, onCancel: () => void): ProgressPanel {
  const total = plan.steps.length;
  const overall = h('progress', { max: total, value: 0, 'aria-labelledby': 'run-status' });
  // On a big file reading and checking it takes longer than most steps: say so, not "Starting".
  const status = h('p', { id: 'run-status', class: 'status', role: 'status' }, 'Reading your file into this tab and checking it before the first step…');
  const rows = plan.steps.map((step) => {
    const bar = h('progress', { max: 1, value: 0, 'aria-label': step.title });
    const state = h('span', { class: 'state' }, 'waiting');
    const row = h('li', { class: 'run-step', 'data-state': 'waiting' }, h('span', { class: 'step-title' }, step.title), h('code', { class: 'rev' }, step.revision), bar, state);
    return { row, bar, state };
  });
  const element = h(
    'section',
    { class: 'card running', 'aria-labelledby': 'run-heading', 'aria-busy': 'true' },
    h('h2', { id: 'run-heading', tabindex: -1 }, plan.direction === 'upgrade' ? 'Upgrading' : 'Downgrading'),
    status,
    overall,
    h('ol', { class: 'run-steps' }, rows.map((r) => r.row)),
    h('div', { class: 'action-bar' }, h('button', { type: 'button', class: 'button', onclick: onCancel }, 'Cancel'), h('span', { class: 'hint' }, 'Cancelling stops the work at once; nothing is written.')),
  );
  return {
    element,
    update(event) {
      if (event.kind === 'phase') {
        status.textContent = PHASE_WORDS[event.phase] ?? status.textContent;
        return;
      }
      const row = rows[event.index];
      if (!row) return;
      if (event.kind === 'step-start') {
        row.bar.removeAttribute('value');
        row.state.textContent = 'running…';
        row.row.dataset.state = 'running';
        status.textContent = `Step ${event.index + 1} of ${event.total}: ${event.step.title}`;
      } else {
        row.bar.value = 1;
        row.state.textContent = `done in ${formatDuration(event.result.durationMs)}`;
        row.row.dataset.state = 'done';
        overall.value = event.index + 1;
      }
    },
  };
}

/** What the page says in each phase of a run; the run itself reports them (ProgressEvent). */
const PHASE_WORDS: Partial<Record<RunPhase, string>> = {
  opened: 'Reading and checking the file…',
  checked: 'Starting the steps…',
  finishing: 'Moving results into the project\'s files…',
  verified: 'All checks passed; preparing the download…',
  exported: 'Preparing the download…',
};

/** Shown while a file is read or the sample is built; its heading takes the focus. */
export function busyView(label: string, onCancel: () => void): HTMLElement {
  return h(
    'section',
    { class: 'card running', 'aria-busy': 'true', 'aria-labelledby': 'busy-heading' },
    h('h2', { id: 'busy-heading', class: 'status', tabindex: -1 }, label),
    h('progress', { 'aria-labelledby': 'busy-heading' }),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button', onclick: onCancel }, 'Cancel')),
  );
}
