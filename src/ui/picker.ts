/**
 * Getting a database into the page: a button for the file, a button for the project folder
 * (`<input webkitdirectory>`: keyboard and phone users cannot drag one), or a drop of either
 * anywhere on the window. A folder's database lives where the project says (Entropy's at
 * `.entropy/entropy.db`); a folder opens the whole project: every file under the database's
 * folder goes to the worker (as File handles, not bytes), by its path in the project
 * ('.entropy/params.json'), so that the upgrade does to the project's other files what the
 * project's own upgrade does.
 */
import { MigrateError } from '../engine/errors.ts';
import { h } from './dom.ts';
import { placesOf, type PageProject, type Places } from './project-words.ts';

export interface Picked {
  readonly file: Blob;
  /** The name shown and used for the download. */
  readonly name: string;
  /** Set when a project folder was opened; the download is then named as the project's database. */
  readonly folder: string | null;
  /** The project's files under the database's folder by path in the project, the database among them; null for a file alone. */
  readonly project: readonly (readonly [string, File])[] | null;
}

/** A file picked by itself, not from a project folder. */
export function pickedFile(file: Blob, name: string): Promise<Picked> {
  return Promise.resolve({ file, name, folder: null, project: null });
}

/** Where the database may be, relative to the folder chosen: the project, or the database's folder itself. */
function databasePaths(places: Places): string[] {
  return places.dir ? [places.database, places.file] : [places.database];
}

/** The database's folder as a prefix of paths in the project ('.entropy/'), '' at the top. */
const prefixOf = (places: Places): string => (places.dir ? `${places.dir}/` : '');

/** What may be opened, for the messages that say a choice was not it. */
function whatToOpen(project: PageProject): string {
  const { dir, file } = placesOf(project);
  return dir ? `Open ${project.aName} project folder, its ${dir} folder, or the ${file} file itself.` : `Open ${project.aName} project folder or the ${file} file itself.`;
}

function noDatabase(folder: string, project: PageProject): MigrateError {
  return new MigrateError('FILE_NOT_FOUND', `The folder "${folder}" has no ${project.database}. ${whatToOpen(project)}`);
}

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

function entriesOf(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  // readEntries answers in batches until an empty one.
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (!batch.length) return resolve(all);
        all.push(...batch);
        next();
      }, reject);
    next();
  });
}

/** Every file below `dir`, by `prefix` + its path below it. */
async function filesBelow(dir: FileSystemDirectoryEntry, prefix: string): Promise<[string, File][]> {
  const out: [string, File][] = [];
  for (const entry of await entriesOf(dir)) {
    if (entry.isDirectory) out.push(...(await filesBelow(entry as FileSystemDirectoryEntry, `${prefix}${entry.name}/`)));
    else {
      const file = await new Promise<File | null>((resolve) => (entry as FileSystemFileEntry).file(resolve, () => resolve(null)));
      if (file) out.push([`${prefix}${entry.name}`, file]);
    }
  }
  return out;
}

function dirAt(dir: FileSystemDirectoryEntry, path: string): Promise<FileSystemDirectoryEntry | null> {
  return new Promise((resolve) => dir.getDirectory(path, {}, (entry) => resolve(entry as FileSystemDirectoryEntry), () => resolve(null)));
}

async function fromDroppedFolder(dir: FileSystemDirectoryEntry, about: PageProject): Promise<Picked> {
  const places = placesOf(about);
  for (const path of databasePaths(places)) {
    const file = await fileAt(dir, path);
    if (!file) continue;
    // The project folder itself, or the database's folder.
    const inner = path === places.database && places.dir ? await dirAt(dir, places.dir) : dir;
    const project = inner ? await filesBelow(inner, prefixOf(places)) : null;
    return { file, name: places.file, folder: dir.name, project };
  }
  throw noDatabase(dir.name, about);
}

/**
 * A folder chosen with the folder button: the browser hands over every file in it, each with
 * its path below the folder's parent ("my-experiment/.entropy/entropy.db").
 */
export function fromChosenFolder(files: readonly File[], about: PageProject): Promise<Picked> {
  const places = placesOf(about);
  const folder = files[0]?.webkitRelativePath.split('/')[0] ?? '';
  for (const path of databasePaths(places)) {
    const file = files.find((f) => f.webkitRelativePath === `${folder}/${path}`);
    if (!file) continue;
    // Paths in the project: the folder chosen is the project, or the database's folder.
    const below = path === places.database ? `${folder}/${prefixOf(places)}` : `${folder}/`;
    const project = files.filter((f) => f.webkitRelativePath.startsWith(below)).map((f) => [`${prefixOf(places)}${f.webkitRelativePath.slice(below.length)}`, f] as const);
    return Promise.resolve({ file, name: places.file, folder, project });
  }
  return Promise.reject(folder ? noDatabase(folder, about) : new MigrateError('FILE_NOT_FOUND', `The folder you chose is empty. ${whatToOpen(about)}`));
}

/** Reads a drop. Entries must be taken during the drop event; they are gone after it. */
export function readDrop(data: DataTransfer, about: PageProject): Promise<Picked> | null {
  const items = [...data.items].filter((i) => i.kind === 'file');
  if (items.length === 0) return null;
  if (items.length > 1) {
    const names = [...data.files].map((f) => f.name);
    const listed = names.length ? ` (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})` : '';
    return Promise.reject(
      new MigrateError('USAGE', `You dropped ${items.length} files${listed}; this page opens one at a time. Drop one ${placesOf(about).file} file or one project folder.`),
    );
  }
  const item = items[0]!;
  const entry = item.webkitGetAsEntry?.() ?? null;
  if (entry?.isDirectory) return fromDroppedFolder(entry as FileSystemDirectoryEntry, about);
  const file = item.getAsFile();
  return file ? pickedFile(file, file.name) : null;
}

export interface PickerHandlers {
  /** The project whose folders and databases are opened. */
  readonly project: PageProject;
  readonly onPick: (picked: Promise<Picked>) => void;
  readonly onSample: () => void;
}

function fileInput(handlers: PickerHandlers): HTMLInputElement {
  const input = h('input', { type: 'file', id: 'open-database', class: 'visually-hidden', accept: '.db,.sqlite,.sqlite3,application/vnd.sqlite3,application/x-sqlite3' });
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) handlers.onPick(pickedFile(file, file.name));
    input.value = '';
  });
  return input;
}

function folderInput(handlers: PickerHandlers): HTMLInputElement {
  const input = h('input', { type: 'file', id: 'open-folder', class: 'visually-hidden', webkitdirectory: true });
  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    if (files.length) handlers.onPick(fromChosenFolder(files, handlers.project));
    input.value = '';
  });
  return input;
}

/** Where the database is in the project folder, and for a hidden folder how to see it, for both pickers. */
function whereTheDatabaseIs(project: PageProject): HTMLElement | null {
  const { dir, file, hidden } = placesOf(project);
  if (!dir) return null;
  const where = ['The database is ', h('code', null, file), ` in the project's ${hidden ? 'hidden ' : ''}`, h('code', null, dir), ' folder.'];
  if (!hidden) return h('p', { class: 'hint' }, where);
  return h('p', { class: 'hint' }, where, ' To show hidden folders in the file picker press ', h('kbd', null, 'Cmd+Shift+.'), ' on macOS or ', h('kbd', null, 'Ctrl+H'), ' on Linux, or simply open the project folder.');
}

/**
 * The open panel. Full on the start view; compact (below the plan or result) once a file is
 * open. The inputs come before their labels so that CSS can show keyboard focus on the label.
 */
export function pickerView(handlers: PickerHandlers, compact: boolean): HTMLElement {
  const buttons = h(
    'div',
    { class: 'actions' },
    folderInput(handlers),
    h('label', { for: 'open-folder', class: compact ? 'button' : 'button primary big' }, 'Open project folder'),
    fileInput(handlers),
    h('label', { for: 'open-database', class: 'button' }, 'Open database file'),
    h('button', { type: 'button', class: compact ? 'button quiet' : 'button', onclick: () => handlers.onSample() }, 'Try with a sample'),
  );
  if (compact) {
    return h(
      'section',
      { class: 'dropzone compact', 'aria-labelledby': 'open-heading', 'data-dropzone': true },
      h('h2', { id: 'open-heading', class: 'small' }, 'Open another'),
      buttons,
      h('p', { class: 'hint' }, 'Or drop a file or project folder anywhere on the page.'),
    );
  }
  return h(
    'section',
    { class: 'dropzone', 'aria-labelledby': 'open-heading', 'data-dropzone': true },
    h('h2', { id: 'open-heading', tabindex: -1 }, `Open your ${handlers.project.name} project`),
    h('p', null, 'Choose the project folder or its database file, or drop either anywhere on this page.'),
    buttons,
    whereTheDatabaseIs(handlers.project),
    h('p', { class: 'hint' }, 'If the browser asks to "upload" the folder: nothing leaves this computer. The page only reads the project\'s files, in this tab.'),
  );
}
