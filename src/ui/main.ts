import { App } from './app.ts';
import { WorkerBridge } from './bridge.ts';
import { readDrop } from './picker.ts';

const root = document.getElementById('app')!;
const app = new App(root, new WorkerBridge());

// The whole window takes drops, so a drop that misses the zone does not make the browser
// navigate away to the file.
document.addEventListener('dragover', (event) => {
  event.preventDefault();
  if (event.dataTransfer) event.dataTransfer.dropEffect = app.running ? 'none' : 'copy';
  document.body.classList.add('dragging');
});
document.addEventListener('dragleave', (event) => {
  if (event.relatedTarget === null) document.body.classList.remove('dragging');
});
document.addEventListener('drop', (event) => {
  event.preventDefault();
  document.body.classList.remove('dragging');
  if (app.running || !event.dataTransfer) return;
  const picked = readDrop(event.dataTransfer);
  if (picked) void app.open(picked);
});
