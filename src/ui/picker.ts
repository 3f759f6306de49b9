/**
 * Getting a database into the page: the file picker, or a drop of either the file itself or
 * an Entropy project folder (whose database lives at `.entropy/entropy.db`).
 */
import { MigrateError } from '../engine/errors.ts';
import { h } from './dom.ts';

export interface Picked {
  readonly file: Blob;
  /** The name shown and used for the download. */
  readonly name: string;
  /** Set when a project folder was dropped; the download is then named entropy.db. */
  readonly folder: string | null;
}

/** A file picked by itself, not from a project folder. */
export function pickedFile(file: Blob, name: string): Promise<Picked> {
  return Promise.resolve({ file, name, folder: null });
}

/** Where a project keeps its database, relative to a dropped folder (the project or .entropy itself). */
const DB_PATHS = ['.entropy/entropy.db', 'entropy.db'];

function fileAt(dir: FileSystemDirectoryEntry, path: string): Promise<File | null> {
  return new Promise((resolve) => {
    dir.getFile(
      path,
      {},
      (entry) => (entry as FileSystemFileEntry).file(resolve, () => resolve(null)),
      () => resolve(null),
    );
  });
}

async function fromFolder(dir: FileSystemDirectoryEntry): Promise<Picked> {
  for (const path of DB_PATHS) {
    const file = await fileAt(dir, path);
    if (file) return { file, name: 'entropy.db', folder: dir.name };
  }
  throw new MigrateError('FILE_NOT_FOUND', `The folder "${dir.name}" has no .entropy/entropy.db. Drop an Entropy project folder, its .entropy folder, or the entropy.db file itself.`);
}

/** Reads a drop. Entries must be taken during the drop event; they are gone after it. */
export function readDrop(data: DataTransfer): Promise<Picked> | null {
  const item = [...data.items].find((i) => i.kind === 'file');
  if (!item) return null;
  const entry = item.webkitGetAsEntry?.() ?? null;
  if (entry?.isDirectory) return fromFolder(entry as FileSystemDirectoryEntry);
  const file = item.getAsFile();
  return file ? pickedFile(file, file.name) : null;
}

export interface PickerHandlers {
  readonly onPick: (picked: Promise<Picked>) => void;
  readonly onSample: () => void;
}

/** The open panel: a drop zone holding the picker button and the sample button. */
export function pickerView(handlers: PickerHandlers, compact: boolean): HTMLElement {
  const input = h('input', { type: 'file', id: 'open-database', class: 'visually-hidden', accept: '.db,.sqlite,.sqlite3,application/vnd.sqlite3,application/x-sqlite3' });
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) handlers.onPick(pickedFile(file, file.name));
    input.value = '';
  });
  return h(
    'section',
    { class: compact ? 'dropzone compact' : 'dropzone', 'aria-labelledby': 'open-heading', 'data-dropzone': true },
    h('h2', { id: 'open-heading', class: compact ? 'visually-hidden' : null }, 'Open your database'),
    compact
      ? null
      : h('p', null, 'Choose the ', h('code', null, 'entropy.db'), ' file from your project\'s ', h('code', null, '.entropy'), ' folder, or drop the file or the whole project folder here.'),
    h(
      'div',
      { class: 'actions' },
      // The input comes first so that CSS can show its keyboard focus on the label after it.
      input,
      h('label', { for: 'open-database', class: compact ? 'button' : 'button primary' }, 'Open database'),
      h('button', { type: 'button', class: 'button', onclick: () => handlers.onSample() }, 'Try with a sample database'),
    ),
    compact ? h('p', { class: 'hint' }, 'Or drop a file or project folder anywhere on the page.') : null,
  );
}
