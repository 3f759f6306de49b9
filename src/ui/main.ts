import { App } from './app.ts';
import { WorkerBridge } from './bridge.ts';
import { readDrop } from './picker.ts';

const root = document.getElementById('app')!;
const app = new App(root, new WorkerBridge());

// The whole window takes drops (the overlay shows it while dragging), so a drop anywhere
// opens the file instead of making the browser navigate away to it.
document.addEventListener('dragover', (event) => {
  event.preventDefault();
  if (event.dataTransfer) event.dataTransfer.dropEffect = app.running ? 'none' : 'copy';
  if (!app.running) document.body.classList.add('dragging');
});
document.addEventListener('dragleave', (event) => {
  if (event.relatedTarget === null) document.body.classList.remove('dragging');
});
document.addEventListener('drop', (event) => {
  event.preventDefault();
  document.body.classList.remove('dragging');
  // Before the worker has said which project this is, there is nothing a drop could open.
  if (app.running || !event.dataTransfer || !app.project) return;
  const picked = readDrop(event.dataTransfer, app.project);
  if (picked) void app.open(picked);
});

// A result not yet downloaded lives only in this tab.
window.addEventListener('beforeunload', (event) => {
  if (app.unsaved) event.preventDefault();
});
