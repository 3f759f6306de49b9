/** The receipt: what ran, rows per table before and after, the checks, and the notes. */
import type { TableCount } from '../engine/index.ts';
import type { Hashes, Outcome } from '../worker/api.ts';
import { printable } from '../engine/printable.ts';
import { readBackInWords } from '../engine/words.ts';
import { h } from './dom.ts';
import { formatBytes, formatCount, formatDuration, revisionLabel } from './format.ts';

export interface ReceiptFacts {
  /** The project's name, for what the checks say of its own downgrades. */
  readonly projectName: string;
  readonly inputName: string;
  readonly inputSize: number;
  readonly outputName: string;
  readonly outputSize: number;
  /** The outcome without its file: that lives in the download's Blob only. */
  readonly outcome: Omit<Outcome, 'file'>;
  /** SHA-256s, which arrive after the file; null until then (the receipt is offered once they are in). */
  readonly hashes: Hashes | null;
  readonly when: Date;
}

interface RowChange {
  readonly name: string;
  readonly before: number | null;
  readonly after: number | null;
}

function rowChanges(before: readonly TableCount[], after: readonly TableCount[]): RowChange[] {
  const names = [...new Set([...before.map((t) => t.name), ...after.map((t) => t.name)])];
  const rows = (list: readonly TableCount[], name: string) => list.find((t) => t.name === name)?.rows ?? null;
  // Names come from the file: printable here, for the text receipt and the page alike.
  return names.map((name) => ({ name: printable(name), before: rows(before, name), after: rows(after, name) }));
}

function checkLines(facts: ReceiptFacts): string[] {
  const { outcome } = facts;
  const { checks } = outcome;
  return [
    `SQLite integrity_check: ${checks.integrity}`,
    `Foreign-key violations: ${checks.foreignKeyViolations} (none added by this run)`,
    ...(checks.uncheckedForeignKeys.length
      ? [`Foreign keys SQLite cannot check, left out of that count (see the notes): ${checks.uncheckedForeignKeys.length}`]
      : []),
    ...(checks.orphanedRows ? [`Rows pointing at a table a downgrade dropped (as ${facts.projectName}'s own downgrades leave them): ${checks.orphanedRows}`] : []),
    ...readBackLines(outcome),
  ];
}

/** The project's files the run wrote or removed beside the database (a whole project only), and what its finishing work did (the split). */
function fileLines(outcome: ReceiptFacts['outcome']): string[] {
  const files = outcome.files.map((f) => `${f.kind === 'remove' ? 'removed' : f.existed ? 'replaced' : 'new'}: ${printable(f.path, 200)}${f.kind === 'remove' ? '' : ` (${formatBytes(f.sizeBytes)})`}`);
  return [...outcome.finished.done.map((d) => printable(d, 400)), ...files];
}

/** What the run wrote into the project's files and read back equal, before anything was written. */
function readBackLines(outcome: ReceiptFacts['outcome']): string[] {
  const words = readBackInWords(outcome.readBack ?? []);
  return words ? [`Read back before anything was written: ${words}`] : [];
}

function allNotes(outcome: ReceiptFacts['outcome']): string[] {
  return [...outcome.notes, ...outcome.result.steps.flatMap((s) => s.notes.map((n) => `${s.revision}: ${n}`))];
}

export function receiptText(facts: ReceiptFacts): string {
  const { outcome, hashes } = facts;
  const { result } = outcome;
  const pad = (s: string, n: number) => s.padEnd(n);
  const changes = rowChanges(outcome.before, outcome.after);
  const width = Math.max(5, ...changes.map((c) => c.name.length));
  const lines = [
    'entropy-migrate receipt',
    '',
    `Date:        ${facts.when.toISOString()}`,
    `Input:       ${printable(facts.inputName, 200)} (${formatBytes(facts.inputSize)})${hashes?.inputSha256 ? `, SHA-256 ${hashes.inputSha256}` : ''}`,
    `Output:      ${printable(facts.outputName, 200)} (${formatBytes(facts.outputSize)})${hashes?.outputSha256 ? `, SHA-256 ${hashes.outputSha256}` : ''}`,
    `Direction:   ${result.direction}`,
    `Revision:    ${revisionLabel(result.from)} -> ${revisionLabel(result.to)}`,
    `Time:        ${formatDuration(result.durationMs)}`,
    '',
    `Steps run (${result.steps.length}):`,
    ...result.steps.map((s, i) => `  ${i + 1}. ${s.direction} ${s.revision}  ${s.message}  (${formatDuration(s.durationMs)}, ${formatCount(s.rowsChanged)} row changes)`),
    '',
    'Rows per table:',
    `  ${pad('Table', width)}  ${'before'.padStart(10)}  ${'after'.padStart(10)}`,
    ...changes.map((c) => `  ${pad(c.name, width)}  ${(c.before === null ? '-' : formatCount(c.before)).padStart(10)}  ${(c.after === null ? '-' : formatCount(c.after)).padStart(10)}`),
    '',
    'Checks passed:',
    ...checkLines(facts).map((l) => `  ${l}`),
  ];
  const files = fileLines(outcome);
  if (files.length) lines.push('', 'Project files:', ...files.map((l) => `  ${l}`));
  const notes = allNotes(outcome);
  if (notes.length) lines.push('', 'Notes:', ...notes.map((n) => `  - ${n}`));
  lines.push('', outcome.files.length ? 'The original folder was not changed by the run; the files above are in the download (or were written into the folder, if you chose that).' : 'The original file was not changed.', '');
  return lines.join('\n');
}

export function receiptView(facts: ReceiptFacts): HTMLElement {
  const { outcome } = facts;
  const changes = rowChanges(outcome.before, outcome.after);
  const notes = allNotes(outcome);
  const cell = (n: number | null) => h('td', { class: 'num' }, n === null ? '—' : formatCount(n));
  return h(
    'div',
    { class: 'receipt' },
    h('h3', null, 'Steps run'),
    outcome.result.steps.length
      ? h('ol', { class: 'ran' }, outcome.result.steps.map((s) => h('li', null, h('code', { class: 'rev' }, s.revision), ` ${s.message} `, h('span', { class: 'hint' }, `${formatDuration(s.durationMs)}, ${formatCount(s.rowsChanged)} row changes`))))
      : h('p', null, 'No steps.'),
    h('h3', null, 'Rows per table'),
    h(
      'table',
      { class: 'counts' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Table'), h('th', { scope: 'col', class: 'num' }, 'Before'), h('th', { scope: 'col', class: 'num' }, 'After'))),
      h('tbody', null, changes.map((c) => h('tr', { class: c.before !== c.after ? 'changed' : null }, h('td', null, h('code', null, c.name)), cell(c.before), cell(c.after)))),
    ),
    h('h3', null, 'Checks passed'),
    h('ul', { class: 'checks' }, checkLines(facts).map((l) => h('li', null, l))),
    fileLines(outcome).length ? [h('h3', null, 'Project files'), h('ul', { class: 'files' }, fileLines(outcome).map((l) => h('li', null, l)))] : null,
    notes.length ? [h('h3', null, 'Notes'), h('ul', { class: 'notes' }, notes.map((n) => h('li', null, n)))] : null,
  );
}
