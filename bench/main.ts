/**
 * npm run bench -- --size 250 [--size 1000] [--runs 5] [--page-runs 3] [--project-runs 5] [--page-project-runs 3] [--seed 1] [--no-page]
 * npm run bench -- --quick   (50 MB, 5 runs, 3 of the page and of the whole project: a few minutes;
 *                             results in bench/out/quick-results.md, bench/results.md untouched)
 *
 * For each size, bench/size-bench.ts: careful native (copy + sqlite3, the reference), the CLI on
 * native SQLite and on sql.js, the sql.js floor, Entropy's own Alembic upgrade and the page,
 * interleaved; the whole project by Entropy's `entropy upgrade`, by the CLI and through the
 * page (bench/page-project.ts); outputs compared; the CLI's phases. Writes bench/results.json and bench/results.md.
 *
 * --page-only: only the sql.js floor and the page, interleaved; prints the medians, the ratio
 * and the page's phases (its marks and its worker's) and writes no results.
 * --page-project-only: only the page's whole-project row, added to each size's results.
 *
 * For looking into the page: BENCH_DEBUG=1 prints the page's marks, long tasks and the
 * worker's console; BENCH_TRACE=file.json writes a Chrome trace from choosing the file
 * to the download link (the last run's); BENCH_MEMORY_TRACE=1 prints every memory sample,
 * per Chromium process.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runFloor } from './cli-run.ts';
import { entropyAlembicMissing } from './entropy-alembic.ts';
import { ensureDatabase, OUT_DIR } from './generate.ts';
import { SHM } from './native.ts';
import { NOTES } from './notes.ts';
import { LoadWatch } from './load.ts';
import { benchPageProject } from './page-project.ts';
import { PageBench, type PageRun } from './page-run.ts';
import { projectTemplate } from './project-run.ts';
import { timed } from './proc.ts';
import { benchSize } from './size-bench.ts';
import { measureStartup } from './startup.ts';
import { bySize, loadResults, mainTable, writeResults, type ResultFiles, type Results, type SizeResult } from './report.ts';
import { median, medianByKey } from './stats.ts';

const { values } = parseArgs({
  options: {
    size: { type: 'string', multiple: true },
    runs: { type: 'string', default: '5' },
    'page-runs': { type: 'string' },
    seed: { type: 'string', default: '1' },
    'no-page': { type: 'boolean', default: false },
    'page-only': { type: 'boolean', default: false },
    'page-project-only': { type: 'boolean', default: false },
    'project-runs': { type: 'string' },
    'page-project-runs': { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const quick = values.quick!;
const sizes = (values.size ?? [quick ? '50' : '250']).map(Number);
const runs = Number(values.runs);
const pageRuns = Number(values['page-runs'] ?? (quick ? '3' : '5'));
const seed = Number(values.seed);
const projectRuns = Number(values['project-runs'] ?? (quick ? '3' : '5'));
const pageProjectRuns = Number(values['page-project-runs'] ?? (quick ? '1' : '3'));
const files: ResultFiles | undefined = quick ? { json: join(OUT_DIR, 'quick-results.json'), md: join(OUT_DIR, 'quick-results.md') } : undefined;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** --page-only: the floor and the page, alternately; medians, the ratio and the page's phases. */
async function benchPageOnly(sizeMb: number, page: PageBench): Promise<void> {
  const generated = await ensureDatabase(sizeMb, seed, log);
  const input = join(SHM, `entropy-bench-${sizeMb}mb-in.db`);
  const floorOut = join(SHM, `entropy-bench-${sizeMb}mb-floor.db`);
  copyFileSync(generated.path, input);
  try {
    const floorMs: number[] = [];
    const pages: PageRun[] = [];
    for (let round = -1; round < pageRuns; round++) {
      const { ms: f } = await runFloor(input, floorOut);
      const p = await page.run(input);
      if (round >= 0) floorMs.push(f), pages.push(p);
      log(`${sizeMb} MB round ${round}: floor ${f.toFixed(0)} ms, page ${p.ms.toFixed(0)} ms (inspect ${p.inspectMs.toFixed(0)}, run ${p.runMs.toFixed(0)}), peak ${(p.peakBytes / 1e6).toFixed(0)} MB (idle ${(p.baselineBytes / 1e6).toFixed(0)}), longest task ${p.longestTaskMs.toFixed(0)} ms`);
    }
    const [floor, ms] = [median(floorMs), median(pages.map((p) => p.ms))];
    log(`${sizeMb} MB (${(generated.bytes / 1e6).toFixed(0)} MB file), medians of ${pageRuns}: floor ${floor.toFixed(0)} ms, page ${ms.toFixed(0)} ms = ${(ms / floor).toFixed(2)}x (inspect ${median(pages.map((p) => p.inspectMs)).toFixed(0)}, run ${median(pages.map((p) => p.runMs)).toFixed(0)}); peak ${(Math.max(...pages.map((p) => p.peakBytes - p.baselineBytes)) / generated.bytes).toFixed(2)}x the file above idle; longest task ${Math.max(...pages.map((p) => p.longestTaskMs)).toFixed(0)} ms`);
    const phases = medianByKey(pages.map((p) => Object.fromEntries(p.phases.map((ph) => [ph.name, ph.ms]))));
    for (const [name, phaseMs] of Object.entries(phases)) log(`  ${name.padEnd(24)} ${phaseMs.toFixed(0).padStart(6)} ms`);
  } finally {
    for (const path of [input, floorOut]) rmSync(path, { force: true });
  }
}

/**
 * --page-project-only: the page's whole-project row (5p) alone, added to the size's results
 * already in results.json (the other rows stay as that run measured them).
 */
async function benchPageProjectOnly(sizeMb: number, page: PageBench, results: Results): Promise<void> {
  const earlier = results[String(sizeMb)];
  if (!earlier) throw new Error(`no results for ${sizeMb} MB to add the page's project row to: run the whole bench for it first`);
  const generated = await ensureDatabase(sizeMb, seed, log);
  const template = projectTemplate(generated.path, sizeMb, seed);
  const name = (what: string) => join(SHM, `entropy-bench-${sizeMb}mb-${what}`);
  const folders = { cli: name('project-cli'), zip: name('page-project.zip'), scratch: name('page-project.db') };
  try {
    const pageProject = await benchPageProject(page, template, folders, pageProjectRuns, new LoadWatch(), (line) => log(`${sizeMb} MB ${line}`));
    results[String(sizeMb)] = { ...earlier, pageProject };
    failIfPageProjectDiffers(sizeMb, pageProject);
  } finally {
    for (const path of [template, ...Object.values(folders)]) rmSync(path, { recursive: true, force: true });
  }
}

function failIfPageProjectDiffers(sizeMb: number, result: SizeResult['pageProject']): void {
  if (result && !('skipped' in result) && (!result.databaseEqual || !result.sameFiles)) {
    process.exitCode = 1;
    log(`${sizeMb} MB: the page's upgraded project differs from the CLI's`);
  }
}

if (values['page-project-only']) {
  // The row is checked against the CLI's upgrade of the same folder: the CLI as the sources make it.
  await timed('node', ['scripts/build-cli.mjs']);
  const page = await PageBench.start();
  try {
    const results = loadResults(files);
    for (const size of sizes) await benchPageProjectOnly(size, page, results);
    writeResults(results, NOTES, files);
    log(`wrote ${files?.md ?? 'bench/results.md'}`);
  } finally {
    await page.close();
  }
  process.exit();
}

if (values['page-only']) {
  const page = await PageBench.start();
  try {
    for (const size of sizes) await benchPageOnly(size, page);
  } finally {
    await page.close();
  }
  process.exit();
}

await timed('node', ['scripts/build-cli.mjs']);
const alembicMissing = entropyAlembicMissing();
if (alembicMissing) log(alembicMissing);
if (!quick) {
  const startup = await measureStartup();
  log(`start-up: entropy-migrate --help ${startup.helpMs.toFixed(0)} ms, node -e 0 ${startup.nodeMs.toFixed(0)} ms`);
}
const page = values['no-page'] ? null : await PageBench.start();
try {
  const results = loadResults(files);
  for (const size of sizes) {
    const result = await benchSize(size, page, { runs, pageRuns, projectRuns, pageProjectRuns, seed, alembicMissing }, log);
    results[String(size)] = result;
    writeResults(results, alembicMissing ? [...NOTES, alembicMissing] : NOTES, files);
    const { native: expected, ...others } = result.outputs;
    if (Object.values(others).some((output) => output !== null && output !== undefined && output !== expected)) {
      process.exitCode = 1;
      log(`${size} MB: an output differs from native sqlite3's`);
    }
    if (result.project && 'outputs' in result.project && (result.project.outputs.entropy !== result.project.outputs.cli || !result.project.sameFiles)) {
      process.exitCode = 1;
      log(`${size} MB: the CLI's upgraded project differs from Entropy's`);
    }
    failIfPageProjectDiffers(size, result.pageProject);
  }
  process.stdout.write(`${mainTable(bySize(results)).join('\n')}\n`);
  log(`wrote ${files?.md ?? 'bench/results.md'}`);
} finally {
  await page?.close();
}
