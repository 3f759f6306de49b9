/**
 * The finished run: what to do next, in numbered steps that fit what was opened (a file or a
 * project folder); what changed, in words beside the counts; and the receipt, folded.
 */
import type { ProjectWords, TableCount } from '../engine/index.ts';
import { printable } from '../engine/printable.ts';
import { readBackInWords } from '../engine/words.ts';
import { foldedNotes, h, type Child } from './dom.ts';
import { formatCount, plural } from './format.ts';
import { formatOf } from './plan-view.ts';
import { projectDelivery, type ProjectDeliveryHandlers } from './project-delivery.ts';
import { filesBeside, latestRelease, placesOf, type PageProject, type Places } from './project-words.ts';
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

function rows(list: readonly TableCount[], name: string): number | null {
  return list.find((t) => t.name === name)?.rows ?? null;
}

/**
 * Rows that an upgrade removed because the project keeps their data elsewhere (Entropy: in
 * its HDF5 files), in one sentence; the tables it names, so no other line repeats them.
 */
function keptElsewhere(before: readonly TableCount[], after: readonly TableCount[], words: ProjectWords | null): { line: string; tables: string[] } | null {
  const kept = words?.keptElsewhere;
  if (!kept) return null;
  const parts = kept.tables.flatMap((name) => {
    const was = rows(before, name);
    const now = rows(after, name);
    return was !== null && now !== null && now < was ? [{ name, was, now, noun: words.rows[name] ?? (['row', 'rows'] as const) }] : [];
  });
  if (!parts.length) return null;
  const removed = parts.map((p) => plural(p.was - p.now, ...p.noun)).join(' and ');
  const counts = parts.map((p) => `${p.noun[1]} ${formatCount(p.was)} → ${formatCount(p.now)}`).join(', ');
  return { line: `${removed} removed from the database (${counts}): ${kept.where}.`, tables: parts.map((p) => p.name) };
}

/** What changed in the file, in words (the project's, where it has them), with the counts before and after. */
export function changesInWords(before: readonly TableCount[], after: readonly TableCount[], up: boolean, words: ProjectWords | null): string[] {
  const names = [...new Set([...before.map((t) => t.name), ...after.map((t) => t.name)])];
  const moved = up ? keptElsewhere(before, after, words) : null;
  const lines: string[] = moved ? [moved.line] : [];
  for (const name of names) {
    // A table's name comes from the file: shown printable (escaped, capped) like any such text.
    const shown = printable(name);
    const was = rows(before, name);
    const now = rows(after, name);
    if (was === now || moved?.tables.includes(name)) continue;
    const noun = words?.rows[name];
    const [one, many] = noun ?? ['row', 'rows'];
    const where = noun ? '' : ` in ${shown}`;
    const added = words?.tableAdded?.[name];
    if (was === null) {
      if (added) lines.push(added.sentence.replace('{rows}', plural(now ?? 0, ...(added.noun ?? ['row', 'rows']))));
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

/** The database's folder in the project, for a step: "open the hidden .entropy folder (…)". */
function databaseFolder(places: Places): Child {
  const hint = h('span', null, ' (to see hidden folders press ', h('kbd', null, 'Cmd+Shift+.'), ' on macOS or ', h('kbd', null, 'Ctrl+H'), ' on Linux)');
  return [`the project's ${places.hidden ? 'hidden ' : ''}`, h('code', null, places.dir ?? ''), ' folder', places.hidden ? hint : null];
}

/** The numbered steps after the download, for a file or for a project folder. */
function nextSteps(facts: ReceiptFacts, folder: string | null, project: PageProject, readers: string, download: HTMLElement): HTMLElement {
  const places = placesOf(project);
  const { dir, file } = places;
  const original = printable(facts.inputName);
  const backup = file.replace(/(\.[^.]*)?$/, '.before-upgrade$1');
  // The database came alone: which of the project's files lie beside it is not known here.
  const keep = dir
    ? h('span', null, 'Leave the other files in ', h('code', null, dir), ` as they are: ${project.name} reads ${filesBeside(project)} together with this database.`)
    : h('span', null, `Leave the project's other files as they are: ${project.name} reads ${filesBeside(project)} together with this database.`);
  const named = h('li', null, download, h('span', { class: 'hint' }, ` It is named ${printable(facts.outputName)}.`));
  const steps: Node[] = folder
    ? [
        named,
        h('li', null, `In the project folder "${printable(folder)}", `, dir ? ['open ', databaseFolder(places), '. Rename'] : 'rename', ' the old ', h('code', null, file), dir ? ' there' : '', ' to ', h('code', null, backup), ': it is your backup.'),
        h('li', null, 'Move the downloaded ', h('code', null, printable(facts.outputName)), ' into ', dir ? h('code', null, dir) : 'the project folder', '. ', keep),
        h('li', null, `Open the project with ${readers}.`),
      ]
    : [
        named,
        h('li', null, 'Keep your old ', h('code', null, original), ' as a backup.'),
        h('li', null, 'Rename the download to ', h('code', null, file), dir ? [' and put it in ', databaseFolder(places)] : ' and put it in the project folder', '. ', keep),
        h('li', null, `Open the project with ${readers}.`),
      ];
  return h('ol', { class: 'next-steps' }, steps);
}

/**
 * For the database alone: the project's files that steps of this run change in the project's
 * own upgrade, left as they were here; null when none.
 */
function filesLeftAlone(project: PageProject, steps: readonly { readonly revision: string }[], direction: string): string | null {
  const changes = steps.flatMap((s) => project.revisions.find((r) => r.revision === s.revision)?.changesProjectFiles ?? []);
  if (!changes.length) return null;
  const files = [...new Set(changes)];
  const them = files.length === 1 ? 'it' : 'them';
  return `The project's ${files.join(' and ')} ${files.length === 1 ? 'was' : 'were'} not changed: ${project.name}'s own ${direction} rewrites ${them} at ${plural(changes.length, 'step')} of this run; open the project folder to have that done.`;
}

export function doneView(facts: ReceiptFacts, links: DoneLinks, folder: string | null, project: PageProject, handlers: DoneHandlers): HTMLElement {
  const { outcome } = facts;
  const { result } = outcome;
  const up = result.direction === 'upgrade';
  const format = formatOf(project, result.to);
  const at = result.to.length === 1 ? (project.revisions.find((r) => r.revision === result.to[0])?.releases ?? null) : null;
  const readers = at ?? `the ${project.name} release that matches this revision`;
  const download = h('a', { class: 'button primary big', href: links.database, download: facts.outputName, onclick: handlers.onDownload }, up ? 'Download upgraded database' : 'Download downgraded database');
  const whole = handlers.project !== null && folder !== null;
  const what = whole ? 'project' : 'database';
  const leftAlone = whole ? null : filesLeftAlone(project, result.steps, result.direction);
  const changedFiles = outcome.files.filter((f) => f.kind === 'write').length;
  const readBack = readBackInWords(outcome.readBack ?? []);
  return h(
    'section',
    { class: 'card done', 'aria-labelledby': 'done-heading' },
    h('h2', { id: 'done-heading', tabindex: -1 }, `Your ${up ? 'upgraded' : 'downgraded'} ${what} is ready`),
    h('p', { class: 'banner ok' }, `${up ? 'Upgraded' : 'Downgraded'} to ${format}. All checks passed; your original ${whole ? 'folder' : 'file'} has not been changed${whole ? ' (unless you write the result into it below)' : ''}.`),
    h('h3', null, 'Next steps'),
    whole ? projectDelivery(folder, outcome.files, project, readers, handlers.project!, handlers.onDownload) : nextSteps(facts, folder, project, readers, download),
    h('h3', null, 'What changed'),
    h(
      'ul',
      { class: 'changed' },
      changesInWords(outcome.before, outcome.after, up, project.words).map((line) => h('li', null, line)),
      outcome.finished.done.map((line) => h('li', null, printable(line, 400))),
      whole && changedFiles ? h('li', null, `${plural(changedFiles, 'file')} of the project written beside the database (${filesBeside(project)}, with backups), listed in the receipt.`) : null,
      readBack ? h('li', null, `Every value written was read back first: ${readBack}.`) : null,
      outcome.leftUndone.map((line) => h('li', { class: 'warning' }, printable(line, 400))),
      leftAlone && !outcome.leftUndone.length ? h('li', null, leftAlone) : null,
    ),
    foldedNotes((n) => `${n === 1 ? 'One thing' : `${n} things`} to know about how ${latestRelease(project)} will read these results`, outcome.finished.warnings),
    h('details', { class: 'more receipt-details' }, h('summary', null, 'Receipt: steps, rows per table and checks'), receiptView(facts), h('div', { class: 'actions' }, receiptLink(links))),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button quiet', onclick: handlers.onBack }, 'Back to the plan')),
  );
}
