/**
 * The opened file in a line or two: its name and size, which of the project's releases write
 * it, and what it holds in the project's words (Entropy's: how many experiments and results);
 * the tables and their row counts folded away.
 */
import type { Inspection } from '../engine/index.ts';
import { printable } from '../engine/printable.ts';
import { h } from './dom.ts';
import { formatBytes, formatCount, plural } from './format.ts';
import type { Picked } from './picker.ts';
import { rowNoun, type PageProject } from './project-words.ts';

/**
 * "Written by Entropy 0.2.0 to 0.5.0", or what else the file's state says about it; the
 * release words are the project's (the inspection's, and each revision's).
 */
export function writtenBy(inspection: Inspection, project: PageProject): string {
  const { state } = inspection;
  const { name } = project;
  if (state.kind === 'empty' || !inspection.tables.length) return `An empty database: ${name} has written nothing into it yet`;
  if (state.kind === 'unversioned') return `Written by ${inspection.release}, before ${name} recorded its revisions`;
  if (state.kind === 'base') return `${name} set this database up but recorded no revision in it`;
  if (state.revisions.length === 1) {
    const at = project.revisions.find((r) => r.revision === state.revisions[0])?.releases;
    if (at) return `Written by ${at}`;
  }
  return `Left part-way through an upgrade: ${inspection.release}`;
}

function rowsIn(inspection: Inspection, table: string): number | null {
  return inspection.tables.find((t) => t.name === table)?.rows ?? null;
}

/** "3 experiments, 12 results": the project's telling tables, the first of which every database of it has. */
function contents(inspection: Inspection, project: PageProject): string | null {
  const counted = (project.words?.contents ?? []).map((table) => ({ rows: rowsIn(inspection, table), noun: rowNoun(project, table) ?? ['row', 'rows'] }));
  if (!counted.length || counted[0]!.rows === null) return null;
  return counted.flatMap(({ rows, noun }) => (rows === null ? [] : [plural(rows, ...noun)])).join(', ');
}

function tableCounts(tables: Inspection['tables']): HTMLTableElement {
  return h(
    'table',
    { class: 'counts' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Table'), h('th', { scope: 'col', class: 'num' }, 'Rows'))),
    h('tbody', null, tables.map((t) => h('tr', null, h('td', null, h('code', null, printable(t.name))), h('td', { class: 'num' }, formatCount(t.rows))))),
  );
}

export function fileFacts(picked: Picked, inspection: Inspection, project: PageProject): HTMLElement {
  const what = contents(inspection, project);
  return h(
    'div',
    { class: 'file-facts' },
    h(
      'p',
      { 'data-testid': 'file' },
      h('strong', null, picked.folder ? `Project folder "${printable(picked.folder)}"` : printable(picked.name)),
      h('span', { class: 'sep' }, ' · '),
      picked.folder ? `${printable(picked.name)}, ` : null,
      formatBytes(inspection.sizeBytes),
      what ? [h('span', { class: 'sep' }, ' · '), what] : null,
    ),
    h(
      'p',
      null,
      h('span', { 'data-testid': 'release' }, writtenBy(inspection, project)),
      inspection.revisions.length ? [h('span', { class: 'sep' }, ' · '), h('span', { class: 'rev' }, 'revision ', h('code', { 'data-testid': 'revision' }, inspection.revisions.map((r) => printable(r)).join(', ')))] : null,
    ),
  );
}

/** The tables and their rows, folded. */
export function tablesDetails(inspection: Inspection): HTMLElement | null {
  if (!inspection.tables.length) return null;
  const rows = inspection.tables.reduce((n, t) => n + t.rows, 0);
  return h('details', { class: 'more' }, h('summary', null, `Tables and rows (${plural(inspection.tables.length, 'table')}, ${plural(rows, 'row')})`), tableCounts(inspection.tables));
}
