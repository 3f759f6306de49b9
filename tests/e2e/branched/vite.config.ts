/**
 * Test only: the production page built with another worker entry (worker.ts beside this
 * file), which hands the worker a chain with two heads. The page, the worker's code and the
 * engine are the shipped ones; only the module that names the project differs, and only in
 * this build, which goes to its own folder (never dist/).
 */
import { fileURLToPath } from 'node:url';
import { mergeConfig, type Plugin } from 'vite';
import base from '../../../vite.config.ts';

const PRODUCTION_ENTRY = fileURLToPath(new URL('../../../src/worker/index.ts', import.meta.url));
const TEST_ENTRY = fileURLToPath(new URL('./worker.ts', import.meta.url));

/**
 * The page names its worker by a relative URL, which Vite resolves on disk, past any plugin;
 * so the swap is in the worker's bundle: its entry module becomes a re-export of the test one.
 */
function testWorkerEntry(): Plugin {
  return {
    name: 'test-worker-entry',
    load: (id) => (id.split('?')[0] === PRODUCTION_ENTRY ? `import ${JSON.stringify(TEST_ENTRY)};` : null),
  };
}

export default mergeConfig(base, {
  build: { outDir: 'test-results/dist-branched', emptyOutDir: true },
  worker: { plugins: () => [testWorkerEntry()] },
});
