/**
 * The page's whole-project run (bench/page-project.ts) on any project folder, outside
 * `npm run bench`: time and peak memory of the run and of its zip. NO_OPFS=1 takes OPFS away
 * from the worker: the in-memory path the page takes in browsers without it.
 *
 *   npx vite build && npx vite preview --port 4197 &
 *   npx tsx bench/page-project-memory.ts PROJECT-FOLDER http://127.0.0.1:4197/
 *
 * BENCH_MEMORY_TRACE=1 prints every memory sample and the worker's marks; BENCH_HEAP_TRACE=1
 * the worker's JavaScript heap and array buffers beside them (bench/worker-heap.ts).
 */
import { rmSync, statSync } from 'node:fs';
import { runPageProject } from './page-project.ts';

const [project, origin] = process.argv.slice(2);
if (!project || !origin) throw new Error('usage: page-project-memory.ts PROJECT-FOLDER ORIGIN');
const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MiB`;
const zip = `/var/tmp/entropy-bench-page-project-${process.pid}.zip`;
try {
  const run = await runPageProject(origin, project, zip, Boolean(process.env.NO_OPFS));
  console.log(JSON.stringify({
    mode: process.env.NO_OPFS ? 'memory' : 'opfs',
    baseline: mb(run.baselineBytes),
    runPeak: mb(run.runPeakBytes),
    zipPeak: mb(run.zipPeakBytes),
    runS: run.runMs / 1000,
    zipS: run.zipMs / 1000,
    zipSize: mb(statSync(zip).size),
  }));
} finally {
  rmSync(zip, { force: true });
}
