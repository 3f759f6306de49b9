/**
 * One size's rows: generate (or reuse) the input, then rounds of careful native, the CLI (on
 * native SQLite and on sql.js), the sql.js floor, Entropy's own Alembic upgrade (when the
 * entropy-oracle kit is set up) and the page, interleaved so that other work on the machine
 * hits them alike; the whole project (Entropy's `entropy upgrade` and the CLI); check that
 * every output is the native one's; profile the CLI's phases in process (both engines).
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runFloor } from './cli-run.ts';
import { runEntropyAlembic } from './entropy-alembic.ts';
import { fingerprint } from './fingerprint.ts';
import { ensureDatabase } from './generate.ts';
import { LoadWatch } from './load.ts';
import { describeMachine } from './machine.ts';
import { engineStatements, nativeScript, runNative, SHM } from './native.ts';
import type { PageBench, PageRun } from './page-run.ts';
import { profileCli, profileNative, type Phases } from './phases.ts';
import { benchPageProject } from './page-project.ts';
import { benchProject, projectTemplate } from './project-run.ts';
import type { SizeResult } from './report.ts';
import { median, medianByKey } from './stats.ts';

export interface BenchSettings {
  readonly runs: number;
  readonly pageRuns: number;
  readonly projectRuns: number;
  /** Whole-project runs in the page (5p); 0: none. */
  readonly pageProjectRuns: number;
  readonly seed: number;
  /** Why Entropy's own upgrade cannot be measured here, or null when it can. */
  readonly alembicMissing: string | null;
}

const worst = (values: readonly (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? Math.max(...known) : null;
};

export async function benchSize(sizeMb: number, page: PageBench | null, settings: BenchSettings, log: (line: string) => void): Promise<SizeResult> {
  const { runs, pageRuns, projectRuns, pageProjectRuns, seed, alembicMissing } = settings;
  const machine = describeMachine();
  const load = new LoadWatch();
  const generated = await ensureDatabase(sizeMb, seed, log);
  const name = (what: string) => join(SHM, `entropy-bench-${sizeMb}mb-${what}`);
  const input = name('in.db');
  const outputs = { profile: name('profile.db'), floor: name('floor.db'), native: name('native.db'), cli: name('cli.db'), cliSqljs: name('cli-sqljs.db'), page: name('page.db'), pageProject: name('page-project.zip') };
  const alembicFolder = name('entropy');
  const projectFolders = { entropy: name('project-entropy'), cli: name('project-cli') };
  let template: string | null = null;
  copyFileSync(generated.path, input);
  try {
    const script = nativeScript(await engineStatements(input));
    const ms = { native: [] as number[], copy: [] as number[], cli: [] as number[], cliSqljs: [] as number[], floor: [] as number[], alembic: [] as number[] };
    const rss = { native: [] as (number | null)[], cli: [] as (number | null)[], cliSqljs: [] as (number | null)[], floor: [] as (number | null)[], alembic: [] as (number | null)[] };
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
          ms.native.push(n.ms), ms.copy.push(n.copyMs), ms.cli.push(c.ms), ms.cliSqljs.push(cs.ms), ms.floor.push(f.ms);
          rss.native.push(n.peakRssBytes), rss.cli.push(c.peakRssBytes), rss.cliSqljs.push(cs.peakRssBytes), rss.floor.push(f.peakRssBytes);
          if (a) ms.alembic.push(a.ms), rss.alembic.push(a.peakRssBytes), (alembicOutput = a.output);
          load.sample();
        }
        log(`${sizeMb} MB round ${round}: careful native ${(n.copyMs + n.ms).toFixed(0)} ms (cp ${n.copyMs.toFixed(0)} + sqlite3 ${n.ms.toFixed(0)}), CLI ${c.ms.toFixed(0)} ms, CLI on sql.js ${cs.ms.toFixed(0)} ms, sql.js floor ${f.ms.toFixed(0)} ms, Entropy's Alembic ${a ? `${a.ms.toFixed(0)} ms` : '—'}`);
      }
      if (page && round < pageRuns) {
        const last = round === pageRuns - 1;
        const p = await page.run(input, last ? outputs.page : undefined);
        if (measured) pageResults.push(p), load.sample();
        log(`${sizeMb} MB round ${round}: page ${p.ms.toFixed(0)} ms (inspect ${p.inspectMs.toFixed(0)}, run ${p.runMs.toFixed(0)}), peak ${(p.peakBytes / 1e6).toFixed(0)} MB, longest task ${p.longestTaskMs.toFixed(0)} ms, gap ${p.longestGapMs.toFixed(0)} ms`);
      }
    }
    let project: SizeResult['project'] = { skipped: alembicMissing ?? 'not asked for (--project-runs 0)' };
    if (alembicMissing === null && projectRuns > 0) {
      template = projectTemplate(generated.path, sizeMb, seed);
      project = await benchProject(template, projectFolders, projectRuns, load, (line) => log(`${sizeMb} MB ${line}`));
    }
    let pageProject: SizeResult['pageProject'] = { skipped: page ? 'not asked for (--page-project-runs 0)' : 'no page (--no-page)' };
    if (page && pageProjectRuns > 0) {
      template ??= projectTemplate(generated.path, sizeMb, seed);
      pageProject = await benchPageProject(page, template, { cli: projectFolders.cli, zip: outputs.pageProject, scratch: name('page-project.db') }, pageProjectRuns, load, (line) => log(`${sizeMb} MB ${line}`));
    }
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
      load: load.result(),
      runs,
      nativeMs: ms.native,
      nativeCopyMs: ms.copy,
      cliMs: ms.cli,
      cliSqljsMs: ms.cliSqljs,
      floorMs: ms.floor,
      alembic: alembicMissing === null ? { ms: ms.alembic, peakRssBytes: worst(rss.alembic) } : { skipped: alembicMissing },
      peakRssBytes: { cli: worst(rss.cli), cliSqljs: worst(rss.cliSqljs), native: worst(rss.native), floor: worst(rss.floor) },
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
      pageProject,
    };
  } finally {
    for (const path of [input, ...Object.values(outputs)]) rmSync(path, { force: true });
    for (const folder of [alembicFolder, ...Object.values(projectFolders), template]) if (folder) rmSync(folder, { recursive: true, force: true });
  }
}
