/** The finished run: the download, what to do with it, and the receipt. */
import { h } from './dom.ts';
import { revisionLabel } from './format.ts';
import { receiptView, type ReceiptFacts } from './receipt.ts';

export interface DoneLinks {
  readonly database: string;
  /** null while the SHA-256s the receipt records are still being computed. */
  readonly receipt: string | null;
  readonly receiptName: string;
}

/**
 * The receipt's download, or while its hashes are computed a note in its place; the page
 * swaps one for the other (data-receipt) without rebuilding the view under the user's focus.
 */
export function receiptLink(links: DoneLinks): HTMLElement {
  return links.receipt
    ? h('a', { class: 'button', href: links.receipt, download: links.receiptName, 'data-receipt': '' }, 'Download receipt')
    : h('span', { class: 'hint', role: 'status', 'data-receipt': '' }, 'Receipt: computing SHA-256 checksums…');
}

export function doneView(facts: ReceiptFacts, links: DoneLinks, fromFolder: boolean, onBack: () => void): HTMLElement {
  const { outcome } = facts;
  const up = outcome.result.direction === 'upgrade';
  const placeIt = fromFolder
    ? 'To use it, keep the old .entropy/entropy.db somewhere safe as a backup, then put this file in its place.'
    : `To use it, keep your old entropy.db as a backup, then rename this file to entropy.db and put it in the project's .entropy folder.`;
  return h(
    'section',
    { class: 'card done', 'aria-labelledby': 'done-heading' },
    h('h2', { id: 'done-heading', tabindex: -1 }, up ? 'Your upgraded database is ready' : 'Your downgraded database is ready'),
    h(
      'p',
      { class: 'banner ok', role: 'status' },
      `${up ? 'Upgraded' : 'Downgraded'} from revision ${revisionLabel(outcome.result.from)} to ${revisionLabel(outcome.result.to)}. All checks passed. Your original file was not changed.`,
    ),
    h(
      'div',
      { class: 'actions' },
      h('a', { class: 'button primary big', href: links.database, download: facts.outputName }, up ? 'Download upgraded database' : 'Download downgraded database'),
      receiptLink(links),
      h('button', { type: 'button', class: 'button quiet', onclick: onBack }, 'Back to the plan'),
    ),
    h('p', { class: 'hint' }, `The file is named ${facts.outputName}. ${placeIt}`),
    h('h2', { class: 'sub' }, 'Receipt'),
    receiptView(facts),
  );
}
