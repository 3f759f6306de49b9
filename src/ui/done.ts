/**
 * The finished run: what to do next, in numbered steps that fit what was opened (a file or a
 * project folder); what changed, in words beside the counts; and the receipt, folded.
 */
import type { TableCount } from '../engine/index.ts';
import type { RevisionInfo } from '../worker/api.ts';
import { printable } from '../engine/printable.ts';
import { readBackInWords } from '../engine/words.ts';
import { foldedNotes, h } from './dom.ts';
import { formatCount, plural } from './format.ts';
import { formatOf } from './plan-view.ts';
import { projectDelivery, type ProjectDeliveryHandlers } from './project-delivery.ts';
import { receiptView, type ReceiptFacts } from './receipt.ts';

export interface DoneLinks {
  readonly database: string;
  /** null while the SHA-256s the receipt records are still being computed. */
  readonly receipt: string | null;
  readonly receiptName: string;
}

export interface DoneHandlers {
  readonly onBack: () => void;
  /** The new file's link was followed: the result is delivered. */
  readonly onDownload: () => void;
  /** For a whole project: its zip and its write-back. */
  readonly project: ProjectDeliveryHandlers | null;
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

const NOUNS: Record<string, readonly [string, string]> = {
  Results: ['result', 'results'],
  ExperimentMetadata: ['metadata entry', 'metadata entries'],
  Experiments: ['experiment', 'experiments'],
  Figures: ['figure', 'figures'],
  Nodes: ['node', 'nodes'],
  Plots: ['plot', 'plots'],
};

function rows(list: readonly TableCount[], name: string): number | null {
  return list.find((t) => t.name === name)?.rows ?? null;
}

/** Results and metadata that an upgrade removed because Entropy keeps them in HDF5 files, in one sentence. */
function movedToHdf5(before: readonly TableCount[], after: readonly TableCount[]): string | null {
  const parts = (['Results', 'ExperimentMetadata'] as const).flatMap((name) => {
    const was = rows(before, name);
    const now = rows(after, name);
    return was !== null && now !== null && now < was ? [{ name, was, now }] : [];
  });
  if (!parts.length) return null;
  const removed = parts.map((p) => plural(p.was - p.now, ...NOUNS[p.name]!)).join(' and ');
  const counts = parts.map((p) => `${NOUNS[p.name]![1]} ${formatCount(p.was)} → ${formatCount(p.now)}`).join(', ');
  return `${removed} removed from the database (${counts}): Entropy already keeps their data in the project's HDF5 files beside the database.`;
}

/** What changed in the file, in words, with the counts before and after. */
export function changesInWords(before: readonly TableCount[], after: readonly TableCount[], up: boolean): string[] {
  const names = [...new Set([...before.map((t) => t.name), ...after.map((t) => t.name)])];
  const moved = up ? movedToHdf5(before, after) : null;
  const lines: string[] = moved ? [moved] : [];
  for (const name of names) {
    // A table's name comes from the file: shown printable (escaped, capped) like any such text.
    const shown = printable(name);
    const was = rows(before, name);
    const now = rows(after, name);
    if (was === now || (moved && (name === 'Results' || name === 'ExperimentMetadata'))) continue;
    const [one, many] = NOUNS[name] ?? ['row', 'rows'];
    const where = NOUNS[name] ? '' : ` in ${shown}`;
    if (was === null) {
      if (name === 'Figures') lines.push('A place for figures was added; Entropy saves figures there from now on.');
      else if (name === 'Nodes_old') lines.push(`A copy of the old node list (${plural(now ?? 0, 'node')}) was kept, as Entropy keeps it.`);
      else lines.push(`A new table ${shown} was added (${plural(now ?? 0, 'row')}).`);
    } else if (now === null) {
      lines.push(`${shown} was deleted, with its ${plural(was, one, many)}.`);
    } else {
      lines.push(`${now < was ? `${plural(was - now, one, many)}${where} removed` : `${plural(now - was, one, many)}${where} added`} (${formatCount(was)} → ${formatCount(now)}).`);
    }
  }
  if (!lines.length) lines.push('No entries were added or removed: only the layout of the tables changed.');
  return lines;
}

/** The numbered steps after the download, for a file or for a project folder. */
function nextSteps(facts: ReceiptFacts, folder: string | null, readers: string, download: HTMLElement): HTMLElement {
  const hidden = h('span', null, ' (to see hidden folders press ', h('kbd', null, 'Cmd+Shift+.'), ' on macOS or ', h('kbd', null, 'Ctrl+H'), ' on Linux)');
  const original = printable(facts.inputName);
  // The database came alone: which files lie beside it (an hdf5 folder, one entropy.hdf5, a params.json) is not known here.
  const keepHdf5 = h('span', null, 'Leave the other files in ', h('code', null, '.entropy'), ' as they are: Entropy reads results and parameters from them together with this database.');
  const steps: Node[] = folder
    ? [
        h('li', null, download, h('span', { class: 'hint' }, ` It is named ${printable(facts.outputName)}.`)),
        h('li', null, `In the project folder "${printable(folder)}", open the hidden `, h('code', null, '.entropy'), ' folder', hidden, '. Rename the old ', h('code', null, 'entropy.db'), ' there to ', h('code', null, 'entropy.before-upgrade.db'), ': it is your backup.'),
        h('li', null, 'Move the downloaded ', h('code', null, printable(facts.outputName)), ' into ', h('code', null, '.entropy'), '. ', keepHdf5),
        h('li', null, `Open the project with ${readers}.`),
      ]
    : [
        h('li', null, download, h('span', { class: 'hint' }, ` It is named ${printable(facts.outputName)}.`)),
        h('li', null, 'Keep your old ', h('code', null, original), ' as a backup.'),
        h('li', null, 'Rename the download to ', h('code', null, 'entropy.db'), ' and put it in the project\'s hidden ', h('code', null, '.entropy'), ' folder', hidden, '. ', keepHdf5),
        h('li', null, `Open the project with ${readers}.`),
      ];
  return h('ol', { class: 'next-steps' }, steps);
}

export function doneView(facts: ReceiptFacts, links: DoneLinks, folder: string | null, revisions: readonly RevisionInfo[], handlers: DoneHandlers): HTMLElement {
  const { outcome } = facts;
  const { result } = outcome;
  const up = result.direction === 'upgrade';
  const format = revisions.length ? formatOf(revisions, result.to) : `revision ${result.to.join(', ')}`;
  const at = result.to.length === 1 ? (revisions.find((r) => r.revision === result.to[0])?.releases ?? null) : null;
  const readers = at ?? 'the Entropy release that matches this revision';
  const download = h('a', { class: 'button primary big', href: links.database, download: facts.outputName, onclick: handlers.onDownload }, up ? 'Download upgraded database' : 'Download downgraded database');
  const whole = handlers.project !== null && folder !== null;
  const what = whole ? 'project' : 'database';
  const fileSteps = result.steps.filter((s) => s.notes.some((n) => n.includes('params.json'))).length;
  const changedFiles = outcome.files.filter((f) => f.kind === 'write').length;
  const readBack = readBackInWords(outcome.readBack ?? []);
  return h(
    'section',
    { class: 'card done', 'aria-labelledby': 'done-heading' },
    h('h2', { id: 'done-heading', tabindex: -1 }, `Your ${up ? 'upgraded' : 'downgraded'} ${what} is ready`),
    h('p', { class: 'banner ok' }, `${up ? 'Upgraded' : 'Downgraded'} to ${format}. All checks passed; your original ${whole ? 'folder' : 'file'} has not been changed${whole ? ' (unless you write the result into it below)' : ''}.`),
    h('h3', null, 'Next steps'),
    whole ? projectDelivery(folder, outcome.files, '.entropy/entropy.db', readers, handlers.project!, handlers.onDownload) : nextSteps(facts, folder, readers, download),
    h('h3', null, 'What changed'),
    h(
      'ul',
      { class: 'changed' },
      changesInWords(outcome.before, outcome.after, up).map((line) => h('li', null, line)),
      outcome.finished.done.map((line) => h('li', null, printable(line, 400))),
      whole && changedFiles ? h('li', null, `${plural(changedFiles, 'file')} of the project written beside the database (params.json, its backups, results files), listed in the receipt.`) : null,
      readBack ? h('li', null, `Every value written was read back first: ${readBack}.`) : null,
      outcome.leftUndone.map((line) => h('li', { class: 'warning' }, printable(line, 400))),
      !whole && fileSteps && !outcome.leftUndone.length
        ? h('li', null, `The parameter file (params.json) was not changed: Entropy's own upgrade rewrites it at ${plural(fileSteps, 'step')} of this run; open the project folder to have that done.`)
        : null,
    ),
    foldedNotes((n) => `${n === 1 ? 'One thing' : `${n} things`} to know about how Entropy 0.15.9 will read these results`, outcome.finished.warnings),
    h('details', { class: 'more receipt-details' }, h('summary', null, 'Receipt: steps, rows per table and checks'), receiptView(facts), h('div', { class: 'actions' }, receiptLink(links))),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button quiet', onclick: handlers.onBack }, 'Back to the plan')),
  );
}
