/** "What we found": the file, its revision, the Entropy release that wrote it, its tables. */
import type { Inspection } from '../engine/index.ts';
import { h } from './dom.ts';
import { formatBytes, formatCount, revisionLabel } from './format.ts';
import type { Picked } from './picker.ts';

function tableCounts(tables: Inspection['tables']): HTMLTableElement {
  return h(
    'table',
    { class: 'counts' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Table'), h('th', { scope: 'col', class: 'num' }, 'Rows'))),
    h('tbody', null, tables.map((t) => h('tr', null, h('td', null, h('code', null, t.name)), h('td', { class: 'num' }, formatCount(t.rows))))),
  );
}

/** "0.13.0" reads as "Entropy 0.13.0"; the engine's other answers are already sentences. */
export function releaseWords(release: string): string {
  return /^\d/.test(release) ? `Entropy ${release}` : release.charAt(0).toUpperCase() + release.slice(1);
}

/** `detailed`: the table list starts open (while choosing; later the run matters more). */
export function foundView(picked: Picked, inspection: Inspection, detailed: boolean): HTMLElement {
  const revision = inspection.hasVersionTable ? revisionLabel(inspection.revisions) : 'none (made before Entropy recorded revisions)';
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'found-heading' },
    h('h2', { id: 'found-heading' }, 'What we found'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'File'),
      h('dd', { 'data-testid': 'file' }, h('strong', null, picked.name), ` (${formatBytes(inspection.sizeBytes)})`, picked.folder ? ` from the project folder "${picked.folder}"` : null),
      h('dt', null, 'Revision'),
      h('dd', { 'data-testid': 'revision' }, h('code', null, revision)),
      h('dt', null, 'Written by'),
      h('dd', { 'data-testid': 'release' }, releaseWords(inspection.release)),
    ),
    inspection.notes.map((note) => h('p', { class: 'banner note' }, note)),
    inspection.tables.length
      ? h('details', { class: 'tables', open: detailed }, h('summary', null, `${inspection.tables.length} tables, ${formatCount(inspection.tables.reduce((n, t) => n + t.rows, 0))} rows in all`), tableCounts(inspection.tables))
      : h('p', null, 'The database has no tables yet.'),
  );
}
