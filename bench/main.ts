/**
 * npm run bench -- --size 250 [--size 1000] [--runs 5] [--page-runs 3] [--seed 1] [--no-page]
 *
 * For each size: generate (or reuse) the input, then rounds of native sqlite3, the CLI (on
 * native SQLite and on sql.js), the sql.js floor, Entropy's own Alembic upgrade (when the
 * entropy-oracle kit is set up) and the page, interleaved so that other work on the machine
 * hits them alike; check that every output is the native one's; profile the CLI's phases in
 * process (both engines); write bench/results.json and bench/results.md.
 *
 * --page-only: only the sql.js floor and the page, interleaved; prints the medians, the ratio
 * and the page's phases (its marks and its worker's) and writes no results.
 *
 * For looking into the page: BENCH_DEBUG=1 prints the page's marks, long tasks and the
 * worker's console; BENCH_TRACE=file.json writes a Chrome trace from choosing the file
 * to the download link (the last run's); BENCH_MEMORY_TRACE=1 prints every memory sample,
 * per Chromium process.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCli, runFloor } from './cli-run.ts';
import { entropyAlembicMissing, runEntropyAlembic } from './entropy-alembic.ts';
import { fingerprint } from './fingerprint.ts';
import { ensureDatabase } from './generate.ts';
import { describeMachine } from './machine.ts';
import { engineStatements, nativeScript, runNative, SHM } from './native.ts';
import { PageBench, type PageRun } from './page-run.ts';
import { profileCli, profileNative, type Phases } from './phases.ts';
import { filesOf, projectTemplate, runCliProject, runEntropyProject } from './project-run.ts';
import { timed } from './proc.ts';
import { measureStartup } from './startup.ts';
import { bySize, loadResults, mainTable, writeResults, type ProjectResult, type SizeResult } from './report.ts';
import { median, medianByKey } from './stats.ts';

const NOTES = [
  'Input: an Entropy database at 04ae19b32c08 made by migrations/builders/entropy-db.ts (bench/generate.ts): Experiments, Results and ExperimentMetadata with data of 256 B–32 KB (valid Npy, Pickled or String data as Entropy serializes it; other BLOBs random, 10% NULL), about half of Results and ExperimentMetadata flagged saved_in_hdf5, Nodes in the old shape, every other table filled; deterministic for a seed. Upgraded to head (7 steps, including the DELETE + VACUUM of 7fa75ca1263f).',
  '(3) native: Debian\'s sqlite3 on a copy in /dev/shm, `PRAGMA journal_mode=OFF`, SQLITE_TMPDIR=/dev/shm, running the statements the engine records for this upgrade (BEGIN, migration SQL, version stamp, COMMIT, VACUUM per step) — taken from a run on a schema-only copy of the input. No checks, no export: the lower limit. (3c) adds the `cp` of the input made before each run (timed on its own): a careful user upgrading by hand copies the file first, as the CLI does.',
  '(1) CLI: `node bin/entropy-migrate.mjs upgrade IN -o OUT` (what the linked `entropy-migrate` command runs), whole process, on native SQLite (better-sqlite3, the default): Node start, copy IN to a temporary file beside OUT while PRAGMA quick_check reads IN, row counts and foreign_key_check before, the same statements on that file, integrity_check + foreign_key_check + row counts after, fsync, rename; IN and OUT in /dev/shm, SQLITE_TMPDIR=/dev/shm as for (3). Peak RSS from GNU time.',
  '(1s) CLI on sql.js (`--engine sqljs`, the fallback where native SQLite cannot be built): Node start, sql.js load, read, the same checks and statements in memory, export, atomic write with fsync.',
  '(4) Entropy: Entropy 0.15.9\'s own Alembic chain (`AlembicUtil(engine).upgrade()`, what `entropy upgrade` runs on the database; bench/entropy_alembic.py through the entropy-oracle kit) on a copy placed in a project folder in /dev/shm (copy not timed), whole Python process: start, imports, Alembic on the file, including the backup copy its 7fa75ca1263f revision makes. The rest of `entropy upgrade` (params.json, moving results into HDF5 files) is in (5).',
  '(5) whole project (issue 10): the same database as `.entropy/entropy.db` of a project folder with a ParamStore v0.1 params.json (migrations/builders/params-json.ts, 20 commits); about half of its Results and ExperimentMetadata rows are saved_in_hdf5 = 0 and hold valid Npy, Pickled and String data (the builder\'s, with no NUL bytes in pickled bytes values, where Entropy\'s own HDF5 move stops). Upgraded in place on a fresh copy of the folder (copy not timed), whole process each: (5e) Entropy 0.15.9\'s own `entropy upgrade DIR` through the entropy-oracle kit\'s `entropy-upgrade` (Alembic chain, params.json revisions, HDF5 move), (5c) the CLI `upgrade DIR --in-place` on native SQLite. Outputs: the databases by the fingerprint below, and the list of files both leave in the folder (database, backups, params.json and its .bak files, one HDF5 file per experiment).',
  '(0) sql.js floor: `node bench/floor.mjs IN OUT`, whole process: Node start, sql.js load, read into a buffer sql.js takes over, `export()`, write. No SQL and no checks: the least a tool on stock sql.js 1.16 must do to hand back a copy (it offers no way in but a whole buffer and no way out but export), so (1) cannot go below it.',
  '(2) page: the built site (vite build, vite preview) in headless Chromium via Playwright, the file chosen once the page has settled (its service worker ready, then 1 s, as a person takes longer to pick a file); time inside the page from the file input\'s change event to the Upgrade button being ready (inspection: reading the file, quick_check, plan, SQL preview) plus from the click on Upgrade to the download link appearing (the run, checks, export, SHA-256s, the Blob). Playwright\'s own delay between the two is left out.',
  'Page memory: the sum of PSS (/proc/<pid>/smaps_rollup) over every Chromium process of the benchmark\'s browser, sampled every 50 ms from the file being chosen to the link appearing; "idle" is the same sum with the page loaded before a file is chosen. Each run uses a fresh browser context.',
  'Longest task: the longest PerformanceObserver "longtask" entry on the page\'s main thread during the run (such entries exist only from 50 ms up); longest gap: the longest interval between ticks of a 10 ms timer on the main thread, which also sees shorter blocks.',
  'Outputs: the CLI\'s and the page\'s files are compared with the native one by a SHA-256 over every object\'s CREATE text and every table\'s rows ordered by every column (as tests/support/snapshot.ts defines "the same"), streamed out of sqlite3.',
  'CLI phases: migrateFile (native) and migrateBytes (sql.js) in the benchmark\'s own process with a Db wrapper that times every statement and files it under a phase, plus copying (native) or reading and writing (sql.js) the file. On native SQLite the input\'s quick_check runs while the input is copied (on the thread pool), so the copy row holds only the part of the copy the check does not hide.',
];

const { values } = parseArgs({
  options: {
    size: { type: 'string', multiple: true, default: ['250'] },
    runs: { type: 'string', default: '5' },
    'page-runs': { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    'no-page': { type: 'boolean', default: false },
    'page-only': { type: 'boolean', default: false },
    'project-runs': { type: 'string', default: '1' },
  },
});
const runs = Number(values.runs);
const pageRuns = Number(values['page-runs']);
const seed = Number(values.seed);
const projectRuns = Number(values['project-runs']);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function benchSize(sizeMb: number, page: PageBench | null): Promise<SizeResult> {
  const machine = describeMachine();
  const generated = await ensureDatabase(sizeMb, seed, log);
  const input = join(SHM, `entropy-bench-${sizeMb}mb-in.db`);
  const outputs = {
    profile: join(SHM, `entropy-bench-${sizeMb}mb-profile.db`),
    floor: join(SHM, `entropy-bench-${sizeMb}mb-floor.db`),
    native: join(SHM, `entropy-bench-${sizeMb}mb-native.db`),
    cli: join(SHM, `entropy-bench-${sizeMb}mb-cli.db`),
    cliSqljs: join(SHM, `entropy-bench-${sizeMb}mb-cli-sqljs.db`),
    page: join(SHM, `entropy-bench-${sizeMb}mb-page.db`),
  };
  const alembicFolder = join(SHM, `entropy-bench-${sizeMb}mb-entropy`);
  const projectFolders = { entropy: join(SHM, `entropy-bench-${sizeMb}mb-project-entropy`), cli: join(SHM, `entropy-bench-${sizeMb}mb-project-cli`) };
  let template: string | null = null;
  copyFileSync(generated.path, input);
  try {
    const script = nativeScript(await engineStatements(input));
    const nativeMs: number[] = [];
    const nativeCopyMs: number[] = [];
    const cliMs: number[] = [];
    const cliSqljsMs: number[] = [];
    const floorMs: number[] = [];
    const alembicMs: number[] = [];
    const rss = { cli: [] as number[], cliSqljs: [] as number[], alembic: [] as number[] };
    let alembicOutput: string | null = null;
    const pageResults: PageRun[] = [];
    const rounds = Math.max(runs, page ? pageRuns : 0);
    // One unmeasured round warms the page cache, the CLI bundle and the browser's compile cache.
    for (let round = -1; round < rounds; round++) {
      const measured = round >= 0;
      if (round < runs) {
        const n = await runNative(input, outputs.native, script);
        const c = await runCli(input, outputs.cli, 'native');
        const cs = await runCli(input, outputs.cliSqljs, 'sqljs');
        const f = await runFloor(input, outputs.floor);
        const a = alembicMissing === null ? await runEntropyAlembic(input, alembicFolder) : null;
        if (measured) {
          nativeMs.push(n.ms), nativeCopyMs.push(n.copyMs), cliMs.push(c.ms), cliSqljsMs.push(cs.ms), floorMs.push(f);
          if (c.peakRssBytes !== null) rss.cli.push(c.peakRssBytes);
          if (cs.peakRssBytes !== null) rss.cliSqljs.push(cs.peakRssBytes);
          if (a) alembicMs.push(a.ms), alembicOutput = a.output;
          if (a?.peakRssBytes) rss.alembic.push(a.peakRssBytes);
        }
        log(`${sizeMb} MB round ${round}: native ${n.ms.toFixed(0)} ms (+ copy ${n.copyMs.toFixed(0)} ms), CLI ${c.ms.toFixed(0)} ms, CLI on sql.js ${cs.ms.toFixed(0)} ms, sql.js floor ${f.toFixed(0)} ms, Entropy's Alembic ${a ? `${a.ms.toFixed(0)} ms` : '—'}`);
      }
      if (page && round < pageRuns) {
        const last = round === pageRuns - 1;
        const p = await page.run(input, last ? outputs.page : undefined);
        if (measured) pageResults.push(p);
        log(`${sizeMb} MB round ${round}: page ${p.ms.toFixed(0)} ms (inspect ${p.inspectMs.toFixed(0)}, run ${p.runMs.toFixed(0)}), peak ${(p.peakBytes / 1e6).toFixed(0)} MB, longest task ${p.longestTaskMs.toFixed(0)} ms, gap ${p.longestGapMs.toFixed(0)} ms`);
      }
    }
    const project = alembicMissing === null && projectRuns > 0 ? await benchProject(sizeMb, generated.path) : { skipped: alembicMissing ?? 'not asked for (--project-runs 0)' };
    const phases: Phases[] = [];
    const nativePhases: Phases[] = [];
    // Its own output: outputs.cli must stay the file the real command wrote, which is the one checked.
    for (let i = 0; i < Math.min(runs, 3); i++) {
      phases.push(await profileCli(input, outputs.profile));
      nativePhases.push(await profileNative(input, outputs.profile));
    }
    const [native, cli, cliSqljs, alembic, pageOut] = await Promise.all([
      fingerprint(outputs.native),
      fingerprint(outputs.cli),
      fingerprint(outputs.cliSqljs),
      alembicOutput ? fingerprint(alembicOutput) : null,
      page ? fingerprint(outputs.page) : null,
    ]);
    log(`${sizeMb} MB outputs: native ${native.slice(0, 12)}, CLI ${cli.slice(0, 12)}, CLI on sql.js ${cliSqljs.slice(0, 12)}, Entropy's Alembic ${alembic?.slice(0, 12) ?? '—'}, page ${pageOut?.slice(0, 12) ?? '—'}`);
    return {
      sizeMb,
      fileBytes: generated.bytes,
      seed,
      when: new Date().toISOString(),
      machine,
      runs,
      nativeMs,
      nativeCopyMs,
      cliMs,
      cliSqljsMs,
      floorMs,
      alembic: alembicMissing === null ? { ms: alembicMs, peakRssBytes: rss.alembic.length ? Math.max(...rss.alembic) : null } : { skipped: alembicMissing },
      peakRssBytes: { cli: rss.cli.length ? Math.max(...rss.cli) : null, cliSqljs: rss.cliSqljs.length ? Math.max(...rss.cliSqljs) : null },
      page: page
        ? {
            ms: pageResults.map((p) => p.ms),
            inspectMs: median(pageResults.map((p) => p.inspectMs)),
            runMs: median(pageResults.map((p) => p.runMs)),
            baselineBytes: median(pageResults.map((p) => p.baselineBytes)),
            peakBytes: Math.max(...pageResults.map((p) => p.peakBytes)),
            longestTaskMs: Math.max(...pageResults.map((p) => p.longestTaskMs)),
            longestGapMs: Math.max(...pageResults.map((p) => p.longestGapMs)),
          }
        : null,
      cliPhases: medianByKey(nativePhases),
      cliSqljsPhases: medianByKey(phases),
      outputs: { native, cli, cliSqljs, alembic, page: pageOut },
      project,
    };
  } finally {
    for (const path of [input, ...Object.values(outputs)]) rmSync(path, { force: true });
    for (const folder of [alembicFolder, ...Object.values(projectFolders), template]) if (folder) rmSync(folder, { recursive: true, force: true });
  }

  /** The whole-project row: Entropy's own `entropy upgrade` and the CLI, alternately, on fresh copies. */
  async function benchProject(size: number, database: string): Promise<ProjectResult> {
    template = projectTemplate(database, size, seed);
    const entropyMs: number[] = [];
    const cliMs: number[] = [];
    const rss = { entropy: 0, cli: 0 };
    for (let round = 0; round < projectRuns; round++) {
      const e = await runEntropyProject(template, projectFolders.entropy);
      const c = await runCliProject(template, projectFolders.cli);
      entropyMs.push(e.ms), cliMs.push(c.ms);
      rss.entropy = Math.max(rss.entropy, e.peakRssBytes ?? 0);
      rss.cli = Math.max(rss.cli, c.peakRssBytes ?? 0);
      log(`${size} MB project round ${round}: Entropy's entropy upgrade ${e.ms.toFixed(0)} ms, CLI ${c.ms.toFixed(0)} ms`);
    }
    const database_ = (folder: string) => fingerprint(join(folder, '.entropy', 'entropy.db'));
    const [entropyDb, cliDb] = await Promise.all([database_(projectFolders.entropy), database_(projectFolders.cli)]);
    const [entropyFiles, cliFiles] = [filesOf(projectFolders.entropy), filesOf(projectFolders.cli)];
    return {
      entropyMs,
      cliMs,
      peakRssBytes: { entropy: rss.entropy || null, cli: rss.cli || null },
      files: entropyFiles.length,
      sameFiles: entropyFiles.join('\n') === cliFiles.join('\n'),
      outputs: { entropy: entropyDb, cli: cliDb },
    };
  }
}

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
      const f = await runFloor(input, floorOut);
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

if (values['page-only']) {
  const page = await PageBench.start();
  try {
    for (const size of values.size!.map(Number)) await benchPageOnly(size, page);
  } finally {
    await page.close();
  }
  process.exit();
}

await timed('node', ['scripts/build-cli.mjs']);
const alembicMissing = entropyAlembicMissing();
if (alembicMissing) log(alembicMissing);
const startup = await measureStartup();
log(`start-up: entropy-migrate --help ${startup.helpMs.toFixed(0)} ms, node -e 0 ${startup.nodeMs.toFixed(0)} ms`);
const page = values['no-page'] ? null : await PageBench.start();
try {
  const results = loadResults();
  for (const size of values.size!.map(Number)) {
    const result = await benchSize(size, page);
    results[String(size)] = result;
    writeResults(results, alembicMissing ? [...NOTES, alembicMissing] : NOTES);
    const { native: expected, ...others } = result.outputs;
    if (Object.values(others).some((output) => output !== null && output !== undefined && output !== expected)) {
      process.exitCode = 1;
      log(`${size} MB: an output differs from native sqlite3's`);
    }
    if (result.project && 'outputs' in result.project && (result.project.outputs.entropy !== result.project.outputs.cli || !result.project.sameFiles)) {
      process.exitCode = 1;
      log(`${size} MB: the CLI's upgraded project differs from Entropy's`);
    }
  }
  process.stdout.write(`${mainTable(bySize(results)).join('\n')}\n`);
  log('wrote bench/results.md');
} finally {
  await page?.close();
}
