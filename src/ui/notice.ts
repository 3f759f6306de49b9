/** The banner above the page's views: a refusal, a failure or a note, in one sentence. */
import { MigrateError, type StepStatus } from '../engine/errors.ts';
import { h } from './dom.ts';
import { directoryPicker } from './project-delivery.ts';

export interface Notice {
  readonly tone: 'error' | 'note';
  /** What failed, naming the file ("Could not open notes.db"); null for a plain note. */
  readonly title: string | null;
  readonly error: MigrateError;
}

/** Where each step ended, when the notice is a run that failed at a step. */
export function failedRun(notice: Notice | null): readonly StepStatus[] | null {
  const steps = notice?.error.code === 'STEP_FAILED' ? notice.error.data.steps : null;
  return Array.isArray(steps) && steps.length ? (steps as StepStatus[]) : null;
}

export function asMigrateError(error: unknown): MigrateError {
  if (error instanceof MigrateError) return error;
  // Not the engine's: a bug or the browser. Still a sentence, never a stack.
  const message = error instanceof Error ? error.message : String(error);
  return new MigrateError('IO', `Something went wrong in the page: ${message}`);
}

export function noticeView(notice: Notice, settle: (() => void) | null): HTMLElement {
  const { tone, title, error } = notice;
  const canSettle = error.code === 'INTERRUPTED_UPGRADE' && settle !== null && directoryPicker() !== null;
  return h(
    'div',
    { class: `banner ${tone}`, role: tone === 'error' ? 'alert' : 'status', 'data-code': error.code, tabindex: -1 },
    title ? h('p', { class: 'banner-title' }, title) : null,
    h('p', null, error.message),
    // Messages recommend the command-line tool; say where it is explained.
    error.message.includes('entropy-migrate') ? h('p', null, h('a', { href: '#command-line' }, 'About the command-line tool entropy-migrate')) : null,
    canSettle ? h('p', null, h('button', { type: 'button', class: 'button', id: 'settle', onclick: settle }, 'Choose the project folder to complete or undo that upgrade')) : null,
  );
}
