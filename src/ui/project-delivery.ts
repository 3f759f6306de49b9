/**
 * Handing back an upgraded project: everywhere a zip of its database's folder, and in browsers
 * with the File System Access API (Chromium) the choice to write it into the project folder
 * itself, after a confirmation that lists what changes. The work happens in the worker, which
 * keeps the result; this module only asks and shows.
 */
import type { ChangedFile, WrittenBack } from '../worker/api.ts';
import { printable } from '../engine/printable.ts';
import { h } from './dom.ts';
import { formatBytes, plural } from './format.ts';
import { folderPickerId, placesOf, type PageProject } from './project-words.ts';

export interface ProjectDeliveryHandlers {
  /** Builds the zip and starts its download; answers its file name. */
  readonly onZip: () => Promise<string>;
  /** Asks for the folder (with write access) and writes the result into it. */
  readonly onWriteBack: (root: FileSystemDirectoryHandle) => Promise<WrittenBack>;
}

/** The folder picker of the File System Access API, where the browser has it. */
type DirectoryPicker = (options: { mode: 'readwrite'; id?: string }) => Promise<FileSystemDirectoryHandle>;

export function directoryPicker(): DirectoryPicker | null {
  const picker = (globalThis as { showDirectoryPicker?: DirectoryPicker }).showDirectoryPicker;
  return typeof picker === 'function' ? picker.bind(globalThis) : null;
}

/** The changed files in words, for the confirmation: new, replaced, removed. */
export function changeList(files: readonly ChangedFile[], database: string): HTMLElement {
  const line = (f: ChangedFile) =>
    h('li', null, h('code', null, printable(f.path, 120)), f.kind === 'remove' ? ' removed' : f.existed ? ` replaced (${formatBytes(f.sizeBytes)})` : ` new (${formatBytes(f.sizeBytes)})`);
  return h('ul', { class: 'changed-files' }, h('li', null, h('code', null, database), ' replaced by the upgraded database'), files.map(line));
}

function confirmWriteBack(folder: string, files: readonly ChangedFile[], project: PageProject, onConfirm: () => void): HTMLDialogElement {
  // The project's own backups (Entropy's params.json.<revision>.bak) are new files like any other.
  const ownBackups = files.some((f) => f.path.endsWith('.bak')) ? `${project.name}'s own backups (the .bak files) are among them. ` : '';
  const dialog = h(
    'dialog',
    { class: 'confirm', 'aria-labelledby': 'write-heading' },
    h('h2', { id: 'write-heading' }, `Write the upgrade into "${printable(folder)}"?`),
    h('p', null, 'The browser asks you to choose the project folder again and to allow changes to it. Then these files change:'),
    changeList(files, project.database),
    h('p', { class: 'hint' }, `${ownBackups}Every file that is replaced or removed is first kept as it was in ${project.backups}/, and every new file is written before any old one is replaced; if writing fails, or the tab is closed half-way, nothing is lost: the next run finishes or undoes it.`),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'button', autofocus: true, onclick: () => dialog.close() }, 'Not now'),
      h('button', { type: 'button', class: 'button primary', onclick: () => (dialog.close(), onConfirm()) }, 'Choose the folder and write'),
    ),
  );
  dialog.addEventListener('close', () => dialog.remove());
  return dialog;
}

/** The delivery panel of the done view, for a whole project. */
export function projectDelivery(folder: string, files: readonly ChangedFile[], project: PageProject, readers: string, handlers: ProjectDeliveryHandlers, onDelivered: () => void): HTMLElement {
  const { dir } = placesOf(project);
  const status = h('p', { class: 'status', role: 'status', 'data-testid': 'delivery-status' });
  const say = (text: string, tone: 'ok' | 'error' | null = null) => {
    status.textContent = text;
    status.className = tone ? `status banner ${tone}` : 'status';
  };
  const zipButton = h('button', { type: 'button', class: 'button primary big', id: 'download-zip' }, 'Download upgraded project (.zip)');
  zipButton.addEventListener('click', async () => {
    zipButton.disabled = true;
    say('Packing the upgraded project…');
    try {
      const name = await handlers.onZip();
      say(`Downloaded ${name}.`, 'ok');
      onDelivered();
    } catch (error) {
      say((error as Error).message, 'error');
    } finally {
      zipButton.disabled = false;
    }
  });
  const picker = directoryPicker();
  const writeButton = picker ? h('button', { type: 'button', class: 'button big', id: 'write-back' }, `Write it into the folder "${printable(folder)}"`) : null;
  writeButton?.addEventListener('click', () => {
    const dialog = confirmWriteBack(folder, files, project, () => {
      // The picker needs the click's user activation: it is asked for before anything awaits.
      const choosing = picker!({ mode: 'readwrite', id: folderPickerId(project) });
      say('Writing the upgraded project into the folder…');
      writeButton.disabled = true;
      choosing
        .then((root) => handlers.onWriteBack(root))
        .then(
          (done) => {
            const kept = done.backup ? ` The files it replaced are kept as they were in ${printable(done.backup, 120)}; "entropy-migrate restore" on the folder puts them back.` : '';
            say(`Written into "${printable(folder)}": ${plural(done.written.length, 'file')} written${done.removed.length ? `, ${plural(done.removed.length, 'file')} removed` : ''}.${kept} Open the project with ${project.name}.`, 'ok');
            onDelivered();
          },
          (error: Error) => say(error.name === 'AbortError' ? 'No folder chosen; nothing was written.' : error.message, error.name === 'AbortError' ? null : 'error'),
        )
        .finally(() => (writeButton.disabled = false));
    });
    document.body.append(dialog);
    dialog.showModal();
  });
  return h(
    'div',
    { class: 'project-delivery' },
    h('ol', { class: 'next-steps' },
      h(
        'li',
        null,
        zipButton,
        h(
          'span',
          { class: 'hint' },
          dir
            ? ` It holds the upgraded ${dir} folder: unpack it inside the project folder "${printable(folder)}", in place of its old ${dir} folder (move the old one aside first, as your backup).`
            : ` It holds the upgraded project: unpack it in place of the project folder "${printable(folder)}" (move the old one aside first, as your backup).`,
        ),
      ),
      writeButton ? h('li', null, 'Or, instead of unpacking: ', writeButton, h('span', { class: 'hint' }, ' This browser can write into the folder itself, after you confirm.')) : null,
      h('li', null, `Open the project with ${readers}.`),
    ),
    status,
  );
}
