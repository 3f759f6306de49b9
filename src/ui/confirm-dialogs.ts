/** The page's two questions before a run that loses something: a downgrade, and the database alone. */
import { printable } from '../engine/printable.ts';
import { h } from './dom.ts';
import { filesBeside, type PageProject } from './project-words.ts';

/** Asks before a downgrade, listing what it deletes; runs only on "Downgrade". */
export function confirmDowngrade(target: string, losses: readonly string[], onRun: () => void): HTMLDialogElement {
  const dialog = h(
    'dialog',
    { class: 'confirm', 'aria-labelledby': 'confirm-heading' },
    h('h2', { id: 'confirm-heading' }, losses.length ? 'Delete data to downgrade?' : 'Downgrade?'),
    losses.length
      ? [h('p', null, `Going back to ${target}, the copy you download loses this:`), h('ul', { class: 'losses' }, losses.map((l) => h('li', null, l)))]
      : h('p', null, `Going back to ${target} deletes nothing from the file.`),
    h('p', { class: 'hint' }, 'Your original file is not changed.'),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'button', autofocus: true, onclick: () => dialog.close() }, 'Keep my data'),
      h('button', { type: 'button', class: 'button danger', onclick: () => (dialog.close(), onRun()) }, losses.length ? 'Delete and downgrade' : 'Downgrade'),
    ),
  );
  dialog.addEventListener('close', () => dialog.remove());
  return dialog;
}

/**
 * Asks before upgrading the database alone when that leaves work undone (for Entropy: results
 * it would not show, params.json behind): the project folder is offered first.
 */
export function confirmDatabaseAlone(leftUndone: readonly string[], project: PageProject, onRun: () => void): HTMLDialogElement {
  const dialog = h(
    'dialog',
    { class: 'confirm', 'aria-labelledby': 'alone-heading' },
    h('h2', { id: 'alone-heading' }, 'Upgrade the database alone?'),
    h('p', null, 'Upgrading only the database leaves this undone:'),
    h('ul', { class: 'losses' }, leftUndone.map((l) => h('li', null, printable(l, 400)))),
    h('p', { class: 'hint' }, `Opening the project folder instead upgrades the database, ${filesBeside(project)} together, as ${project.name}'s own upgrade does.`),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'button primary', autofocus: true, onclick: () => (dialog.close(), document.getElementById('open-folder')?.click()) }, 'Open the project folder instead'),
      h('button', { type: 'button', class: 'button', onclick: () => (dialog.close(), onRun()) }, 'Upgrade the database alone'),
    ),
  );
  dialog.addEventListener('close', () => dialog.remove());
  return dialog;
}
