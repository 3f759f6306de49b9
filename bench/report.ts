/** bench/results.json keeps the latest result per size; bench/results.md is made from it. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadStartup, startupLines } from './startup.ts';
import type { LoadSeen } from './load.ts';
import type { Machine } from './machine.ts';
import type { PageRun } from './page-run.ts';
import type { Phases } from './phases.ts';
import { median, spread } from './stats.ts';

export interface SizeResult {
  readonly sizeMb: number;
  readonly fileBytes: number;
  readonly seed: number;
  readonly when: string;
  readonly machine: Machine;
  /** The 1-minute load average at the start and its range over the rounds; absent in results from before it. */
  readonly load?: LoadSeen;
  readonly runs: number;
  readonly nativeMs: readonly number[];
  /** `cp` of the input before each native run; absent in results from before it was timed. */
  readonly nativeCopyMs?: readonly number[];
  /** The CLI as run by default: on native SQLite since it has one (on sql.js in results from before). */
  readonly cliMs: readonly number[];
  /** The CLI with --engine sqljs; absent in results from before the native path. */
  readonly cliSqljsMs?: readonly number[];
  /** Entropy's own Alembic upgrade of the same file, or why it was not measured. */
  readonly alembic?: { readonly ms: readonly number[]; readonly peakRssBytes: number | null } | { readonly skipped: string };
  /** Worst run's peak RSS of each process (sqlite3 for native), where GNU time could measure it. */
  readonly peakRssBytes?: { readonly cli: number | null; readonly cliSqljs: number | null; readonly native?: number | null; readonly floor?: number | null };
  /** bench/floor.mjs: read, export, write with stock sql.js; absent in results from before it. */
  readonly floorMs?: readonly number[];
  /** The page's medians, with every run's total time kept for the spread. */
  readonly page: null | (Omit<PageRun, 'ms' | 'phases'> & { readonly ms: readonly number[] });
  readonly cliPhases: Phases;
  readonly cliSqljsPhases?: Phases;
  readonly outputs: {
    readonly native: string;
    readonly cli: string;
    readonly cliSqljs?: string;
    readonly alembic?: string | null;
    readonly page: string | null;
  };
  /** Absent in results from before the row; `skipped` says why it was not measured. */
  readonly project?: ProjectResult | { readonly skipped: string };
  /** The whole project in the page (5p); absent in results from before the row. */
  readonly pageProject?: PageProjectResult | { readonly skipped: string };
}

/** The whole project through the page: the run, then its zip; checked against the CLI's upgrade. */
export interface PageProjectResult {
  readonly runMs: readonly number[];
  readonly zipMs: readonly number[];
  readonly baselineBytes: number;
  /** PSS of every Chromium process, the worst run's: during the run, and while the zip is made. */
  readonly runPeakBytes: number;
  readonly zipPeakBytes: number;
  /** How many files the zip holds, and whether they are the CLI's upgraded data folder's. */
  readonly files: number;
  readonly sameFiles: boolean;
  /** Whether the zip's database is the CLI's (by fingerprint). */
  readonly databaseEqual: boolean;
}

/** The whole-project row: Entropy's own `entropy upgrade` and the CLI on the same project folder. */
export interface ProjectResult {
  readonly entropyMs: readonly number[];
  readonly cliMs: readonly number[];
  readonly peakRssBytes: { readonly entropy: number | null; readonly cli: number | null };
  /** How many files Entropy's upgrade left in the folder, and whether the CLI left the same ones. */
  readonly files: number;
  readonly sameFiles: boolean;
  /** Fingerprints of each upgraded database. */
  readonly outputs: { readonly entropy: string; readonly cli: string };
}

export type Results = Record<string, SizeResult>;

/** Where results go: bench/results.{json,md} unless told (--quick writes its own). */
export interface ResultFiles {
  readonly json: string | URL;
  readonly md: string | URL;
}

const RESULT_FILES: ResultFiles = { json: new URL('./results.json', import.meta.url), md: new URL('./results.md', import.meta.url) };

/**
 * results.md is written whole from results.json, except what follows this line: sections
 * written by hand or by other benchmarks (bench:big-value), kept as they are.
 */
const KEPT_BELOW = '<!-- Written by hand or by other benchmarks below this line; npm run bench keeps it. -->';

export function loadResults(files: ResultFiles = RESULT_FILES): Results {
  return existsSync(files.json) ? (JSON.parse(readFileSync(files.json, 'utf8')) as Results) : {};
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
const s = (ms: number) => (ms / 1000).toFixed(2);
const range = (values: readonly number[]) => {
  const { min, max } = spread(values);
  return `${s(min)}–${s(max)}`;
};

/** The sizes measured, smallest first. */
export function bySize(results: Results): SizeResult[] {
  return Object.values(results).sort((a, b) => a.sizeMb - b.sizeMb);
}

/**
 * The CLI's runs per engine. Results from before the native path have no cliSqljsMs: their
 * cliMs and outputs.cli are the CLI on sql.js, which it was then.
 */
function cliRuns(r: SizeResult): { native: readonly number[] | null; sqljs: readonly number[]; nativeOut: string | null; sqljsOut: string } {
  return r.cliSqljsMs
    ? { native: r.cliMs, sqljs: r.cliSqljsMs, nativeOut: r.outputs.cli, sqljsOut: r.outputs.cliSqljs ?? '' }
    : { native: null, sqljs: r.cliMs, nativeOut: null, sqljsOut: r.outputs.cli };
}

const alembicMs = (r: SizeResult): readonly number[] | null => (r.alembic && 'ms' in r.alembic && r.alembic.ms.length ? r.alembic.ms : null);
const memory = (bytes: number | null | undefined, file: number) => (bytes ? `${mb(bytes)} MB (${(bytes / file).toFixed(2)}x)` : '—');

/** A time and its ratio to the reference, or dashes where it was not measured. */
function timeCells(values: readonly number[] | null | undefined, reference: number | null): string[] {
  if (!values?.length) return ['—', '—'];
  const value = median(values);
  return [s(value), reference ? `${(value / reference).toFixed(2)}x` : '—'];
}

/** Careful native per round (the copy, then sqlite3), so a slow copy and a slow run of the same round stay together. */
function carefulRuns(r: SizeResult): number[] | null {
  return r.nativeCopyMs?.length ? r.nativeMs.map((ms, i) => ms + (r.nativeCopyMs![i] ?? 0)) : null;
}

/** The table of times and ratios, one row per size (also printed by the bench). */
export function mainTable(results: readonly SizeResult[]): string[] {
  const lines = [
    '| size | careful native (3c) s | CLI (1) s | 1/3c | native SQL alone (3) s | 1/3 | CLI on sql.js (1s) s | 1s/3c | sql.js floor (0) s | 0/3c | Entropy\'s Alembic (4) s | 4/3c | page (2) s | 2/0 | outputs = native |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|',
  ];
  for (const r of results) {
    const native = median(r.nativeMs);
    const careful = carefulRuns(r);
    const reference = careful ? median(careful) : null;
    const same = (name: string, output: string | null | undefined) => (output ? `${name} ${output === r.outputs.native ? '✓' : '✗'}` : `${name} —`);
    const cli = cliRuns(r);
    const floor = r.floorMs?.length ? median(r.floorMs) : null;
    lines.push(
      [
        `${mb(r.fileBytes)} MB`,
        reference === null ? '—' : s(reference),
        ...timeCells(cli.native, reference),
        s(native),
        cli.native?.length ? `${(median(cli.native) / native).toFixed(2)}x` : '—',
        ...timeCells(cli.sqljs, reference),
        ...timeCells(r.floorMs, reference),
        ...timeCells(alembicMs(r), reference),
        ...timeCells(r.page?.ms, floor),
        [same('CLI', cli.nativeOut), same('CLI on sql.js', cli.sqljsOut), same('Entropy', r.outputs.alembic), same('page', r.page ? r.outputs.page : null)].join(', '),
      ].join(' | ').replace(/^/, '| ') + ' |',
    );
  }
  return lines;
}

/** Memory and the page's responsiveness, one row per size. */
function memoryTable(results: readonly SizeResult[]): string[] {
  const lines = [
    '| size | careful native (sqlite3) peak RSS (x file) | CLI peak RSS | CLI on sql.js peak RSS | sql.js floor peak RSS | Entropy\'s Alembic peak RSS | page peak memory | page peak / file | longest task | longest gap |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const alembicRss = r.alembic && 'ms' in r.alembic ? r.alembic.peakRssBytes : null;
    lines.push(
      [
        `${mb(r.fileBytes)} MB`,
        memory(r.peakRssBytes?.native, r.fileBytes),
        memory(r.peakRssBytes?.cli, r.fileBytes),
        memory(r.peakRssBytes?.cliSqljs, r.fileBytes),
        memory(r.peakRssBytes?.floor, r.fileBytes),
        memory(alembicRss, r.fileBytes),
        r.page ? `${mb(r.page.peakBytes)} MB (idle ${mb(r.page.baselineBytes)})` : '—',
        r.page ? `${(r.page.peakBytes / r.fileBytes).toFixed(2)}x (${((r.page.peakBytes - r.page.baselineBytes) / r.fileBytes).toFixed(2)}x above idle)` : '—',
        r.page ? (r.page.longestTaskMs ? `${r.page.longestTaskMs.toFixed(0)} ms` : 'none ≥ 50 ms') : '—',
        r.page ? `${r.page.longestGapMs.toFixed(0)} ms` : '—',
      ].join(' | ').replace(/^/, '| ') + ' |',
    );
  }
  return lines;
}

/** The whole-project row, one line per size where it was measured. */
function projectTable(results: readonly SizeResult[]): string[] {
  const lines = [
    '| size | Entropy\'s `entropy upgrade` (5e) s | min–max | CLI (5c) s | min–max | 5c/5e | CLI faster | Entropy peak RSS | CLI peak RSS | runs | databases equal | same files |',
    '|---:|---:|---:|---:|---:|---:|:---|---:|---:|---:|:---|:---|',
  ];
  for (const r of results) {
    const p = r.project;
    if (!p) continue;
    if ('skipped' in p) {
      lines.push(`| ${mb(r.fileBytes)} MB | skipped: ${p.skipped} | | | | | | | | | | |`);
      continue;
    }
    const e = median(p.entropyMs);
    const c = median(p.cliMs);
    lines.push(
      `| ${mb(r.fileBytes)} MB | ${s(e)} | ${range(p.entropyMs)} | ${s(c)} | ${range(p.cliMs)} | ${(c / e).toFixed(2)}x | ${c < e ? `yes, ${(e / c).toFixed(1)}x` : 'no'} | ${memory(p.peakRssBytes.entropy, r.fileBytes)} | ${memory(p.peakRssBytes.cli, r.fileBytes)} | ${p.cliMs.length} | ${p.outputs.entropy === p.outputs.cli ? '✓' : '✗'} | ${p.sameFiles ? `✓ (${p.files})` : '✗'} |`,
    );
  }
  return lines;
}

/** The whole project in the page, one line per size where it was measured. */
function pageProjectTable(results: readonly SizeResult[]): string[] {
  const lines = [
    '| size | run s | min–max | zip s | min–max | idle | peak during the run | peak during the zip | runs | database equal to the CLI\'s | same files |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|:---|',
  ];
  for (const r of results) {
    const p = r.pageProject;
    if (!p) continue;
    if ('skipped' in p) {
      lines.push(`| ${mb(r.fileBytes)} MB | skipped: ${p.skipped} | | | | | | | | | |`);
      continue;
    }
    // As the page's database row: the whole browser's memory, and what the run added to the idle page, to the database's size.
    const peak = (bytes: number) => `${mb(bytes)} MB (${((bytes - p.baselineBytes) / r.fileBytes).toFixed(2)}x the database above idle)`;
    lines.push(
      `| ${mb(r.fileBytes)} MB | ${s(median(p.runMs))} | ${range(p.runMs)} | ${s(median(p.zipMs))} | ${range(p.zipMs)} | ${mb(p.baselineBytes)} MB | ${peak(p.runPeakBytes)} | ${peak(p.zipPeakBytes)} | ${p.runMs.length} | ${p.databaseEqual ? '✓' : '✗'} | ${p.sameFiles ? `✓ (${p.files})` : '✗'} |`,
    );
  }
  return lines;
}

function spreadTable(results: readonly SizeResult[]): string[] {
  const lines = [
    '| size | runs | careful native min–max s | native SQL alone min–max s | CLI min–max s | CLI on sql.js min–max s | floor min–max s | Entropy\'s Alembic min–max s | page min–max s | page inspect / run s (median) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const or = (values: readonly number[] | null | undefined) => (values?.length ? range(values) : '—');
  for (const r of results) {
    const cli = cliRuns(r);
    lines.push(`| ${mb(r.fileBytes)} MB | ${r.runs} | ${or(carefulRuns(r))} | ${range(r.nativeMs)} | ${or(cli.native)} | ${or(cli.sqljs)} | ${or(r.floorMs)} | ${or(alembicMs(r))} | ${or(r.page?.ms)} | ${r.page ? `${s(r.page.inspectMs)} / ${s(r.page.runMs)}` : '—'} |`);
  }
  return lines;
}

function phaseTable(results: readonly SizeResult[], phasesOf: (r: SizeResult) => Phases): string[] {
  const phases = [...new Set(results.flatMap((r) => Object.keys(phasesOf(r))))];
  const lines = [`| phase | ${results.map((r) => `${mb(r.fileBytes)} MB`).join(' | ')} |`, `|:---|${results.map(() => '---:').join('|')}|`];
  for (const phase of phases) lines.push(`| ${phase} | ${results.map((r) => `${(phasesOf(r)[phase] ?? 0).toFixed(0)} ms`).join(' | ')} |`);
  lines.push(`| **total in process** | ${results.map((r) => `${Object.values(phasesOf(r)).reduce((a, b) => a + b, 0).toFixed(0)} ms`).join(' | ')} |`);
  return lines;
}

function machineLines(results: readonly SizeResult[]): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const r of results) {
    const m = r.machine;
    const text = `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM; ${m.kernel}; Node ${m.node}; sqlite3 ${m.sqlite3}; sql.js ${m.sqlJs}; ${m.chromium}`;
    if (seen.has(text)) continue;
    seen.add(text);
    lines.push(`- ${text}`);
  }
  const load = (r: SizeResult) => (r.load ? `; 1-minute load ${r.load.min.toFixed(2)}–${r.load.max.toFixed(2)} over its rounds` : '');
  lines.push(...results.map((r) => `- ${mb(r.fileBytes)} MB: measured ${r.when}, load average at start ${r.machine.load}${load(r)}, seed ${r.seed}`));
  return lines;
}

/** A blank line, then a level-2 heading and its lines. */
function section(title: string, lines: readonly string[]): string[] {
  return ['', `## ${title}`, '', ...lines];
}

export function writeResults(results: Results, notes: readonly string[], files: ResultFiles = RESULT_FILES): void {
  writeFileSync(files.json, `${JSON.stringify(results, null, 2)}\n`);
  const previous = existsSync(files.md) ? readFileSync(files.md, 'utf8') : '';
  const kept = previous.includes(KEPT_BELOW) ? previous.slice(previous.indexOf(KEPT_BELOW)) : `${KEPT_BELOW}\n`;
  const rows = bySize(results);
  const startup = loadStartup();
  // Phases of both engines only from results that have both (the native path's).
  const withNative = rows.filter((r) => r.cliSqljsPhases);
  const md = [
    '# entropy-migrate benchmark',
    '',
    'Written by `npm run bench` (bench/main.ts); do not edit by hand above the line at the end. Medians of repeated runs (min–max under Spread); (3c) careful native, the reference: copy the input, then native sqlite3 on the copy with the journal off and the temp store in memory; (3) the sqlite3 part alone; (1) the CLI (on native SQLite), (1s) the CLI on sql.js, (2) the page, (0) the least any tool on stock sql.js takes to copy the file (no SQL), (4) Entropy\'s own Alembic upgrade, (5) the whole project (database, params.json, HDF5) by Entropy\'s own `entropy upgrade` and by the CLI. Memory and the longest task are the worst run’s. Results from before the native path (no (1s) column) measured the CLI on sql.js.',
    '',
    ...mainTable(rows),
    ...(rows.some((r) => r.project) ? section('Whole project: Entropy\'s own `entropy upgrade` and the CLI (5)', projectTable(rows)) : []),
    ...(rows.some((r) => r.pageProject) ? section('Whole project in the page (5p): chosen as a folder, upgraded, downloaded as a zip', pageProjectTable(rows)) : []),
    ...section('Memory', memoryTable(rows)),
    ...section('Spread', spreadTable(rows)),
    ...(withNative.length ? section('Where the CLI on native SQLite spends its time (in process, medians)', phaseTable(withNative, (r) => r.cliPhases)) : []),
    ...section('Where the CLI on sql.js spends its time (in process, medians)', phaseTable(rows, (r) => r.cliSqljsPhases ?? r.cliPhases)),
    ...(startup ? section('Start-up', startupLines(startup)) : []),
    ...section('Machine', machineLines(rows)),
    ...section('What is measured', notes.map((n) => `- ${n}`)),
    '',
    kept,
  ].join('\n');
  writeFileSync(files.md, md);
}
