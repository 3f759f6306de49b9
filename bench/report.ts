/** bench/results.json keeps the latest result per size; bench/results.md is made from it. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
  readonly runs: number;
  readonly nativeMs: readonly number[];
  readonly cliMs: readonly number[];
  /** bench/floor.mjs: read, export, write with stock sql.js; absent in results from before it. */
  readonly floorMs?: readonly number[];
  /** The page's medians, with every run's total time kept for the spread. */
  readonly page: null | (Omit<PageRun, 'ms'> & { readonly ms: readonly number[] });
  readonly cliPhases: Phases;
  readonly outputs: { readonly native: string; readonly cli: string; readonly page: string | null };
}

export type Results = Record<string, SizeResult>;

const JSON_PATH = new URL('./results.json', import.meta.url);
const MD_PATH = new URL('./results.md', import.meta.url);

export function loadResults(): Results {
  return existsSync(JSON_PATH) ? (JSON.parse(readFileSync(JSON_PATH, 'utf8')) as Results) : {};
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

/** The table of times, ratios, memory and long tasks, one row per size (also printed by the bench). */
export function mainTable(results: readonly SizeResult[]): string[] {
  const lines = [
    '| size | native (3) s | sql.js floor (0) s | 0/3 | CLI (1) s | 1/3 | page (2) s | 2/3 | page peak memory | peak / file | longest task | longest gap | outputs = native |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|',
  ];
  for (const r of results) {
    const native = median(r.nativeMs);
    const cli = median(r.cliMs);
    const floor = r.floorMs?.length ? median(r.floorMs) : null;
    const page = r.page ? median(r.page.ms) : null;
    const same = [r.outputs.cli === r.outputs.native ? 'CLI ✓' : 'CLI ✗', r.page ? (r.outputs.page === r.outputs.native ? 'page ✓' : 'page ✗') : 'page —'].join(', ');
    lines.push(
      [
        `${mb(r.fileBytes)} MB`,
        s(native),
        floor === null ? '—' : s(floor),
        floor === null ? '—' : `${(floor / native).toFixed(2)}x`,
        s(cli),
        `${(cli / native).toFixed(2)}x`,
        page === null ? '—' : s(page),
        page === null ? '—' : `${(page / native).toFixed(2)}x`,
        r.page ? `${mb(r.page.peakBytes)} MB (idle ${mb(r.page.baselineBytes)})` : '—',
        r.page ? `${(r.page.peakBytes / r.fileBytes).toFixed(2)}x (${((r.page.peakBytes - r.page.baselineBytes) / r.fileBytes).toFixed(2)}x above idle)` : '—',
        r.page ? (r.page.longestTaskMs ? `${r.page.longestTaskMs.toFixed(0)} ms` : 'none ≥ 50 ms') : '—',
        r.page ? `${r.page.longestGapMs.toFixed(0)} ms` : '—',
        same,
      ].join(' | ').replace(/^/, '| ') + ' |',
    );
  }
  return lines;
}

function spreadTable(results: readonly SizeResult[]): string[] {
  const lines = ['| size | runs | native min–max s | floor min–max s | CLI min–max s | page min–max s | page inspect / run s (median) |', '|---:|---:|---:|---:|---:|---:|---:|'];
  for (const r of results) {
    lines.push(`| ${mb(r.fileBytes)} MB | ${r.runs} | ${range(r.nativeMs)} | ${r.floorMs?.length ? range(r.floorMs) : '—'} | ${range(r.cliMs)} | ${r.page ? range(r.page.ms) : '—'} | ${r.page ? `${s(r.page.inspectMs)} / ${s(r.page.runMs)}` : '—'} |`);
  }
  return lines;
}

function phaseTable(results: readonly SizeResult[]): string[] {
  const phases = [...new Set(results.flatMap((r) => Object.keys(r.cliPhases)))];
  const lines = [`| phase | ${results.map((r) => `${mb(r.fileBytes)} MB`).join(' | ')} |`, `|:---|${results.map(() => '---:').join('|')}|`];
  for (const phase of phases) lines.push(`| ${phase} | ${results.map((r) => `${(r.cliPhases[phase] ?? 0).toFixed(0)} ms`).join(' | ')} |`);
  lines.push(`| **total in process** | ${results.map((r) => `${Object.values(r.cliPhases).reduce((a, b) => a + b, 0).toFixed(0)} ms`).join(' | ')} |`);
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
  lines.push(...results.map((r) => `- ${mb(r.fileBytes)} MB: measured ${r.when}, load average at start ${r.machine.load}, seed ${r.seed}`));
  return lines;
}

/** A blank line, then a level-2 heading and its lines. */
function section(title: string, lines: readonly string[]): string[] {
  return ['', `## ${title}`, '', ...lines];
}

export function writeResults(results: Results, notes: readonly string[]): void {
  writeFileSync(JSON_PATH, `${JSON.stringify(results, null, 2)}\n`);
  const rows = bySize(results);
  const md = [
    '# entropy-migrate benchmark',
    '',
    'Written by `npm run bench` (bench/main.ts); do not edit by hand. Medians of repeated runs; (1) the CLI, (2) the page, (3) native sqlite3, (0) the least any tool on stock sql.js takes to copy the file (no SQL). Page memory and the longest task are the worst run’s.',
    '',
    ...mainTable(rows),
    ...section('Spread', spreadTable(rows)),
    ...section('Where the CLI spends its time (in process, medians)', phaseTable(rows)),
    ...section('Machine', machineLines(rows)),
    ...section('What is measured', notes.map((n) => `- ${n}`)),
    '',
  ].join('\n');
  writeFileSync(MD_PATH, md);
}
