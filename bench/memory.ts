/**
 * The browser's memory, measured from outside: every Chromium process descending from this
 * one (the browser Playwright launched, its renderers, GPU and utility processes; not the
 * preview server or the TypeScript loader, which descend from us too), summed
 * as PSS from /proc/<pid>/smaps_rollup, so pages shared between them count once in total.
 */
import { readdirSync, readFileSync } from 'node:fs';

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; fields resume after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function isChromium(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!.includes('chromium');
  } catch {
    return false;
  }
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent !== null) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const out: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length) {
    const pid = queue.pop()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

function pssBytes(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples the total every `everyMs` until stopped; reports the peak. */
export class MemorySampler {
  private peak = 0;
  private pids: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private ticks = 0;

  constructor(private readonly root: number = process.pid) {}

  sample(): number {
    // The process list changes slowly; re-reading /proc for it every tick would cost more than the sample.
    if (this.ticks++ % 10 === 0) this.pids = descendants(this.root).filter(isChromium);
    const total = this.pids.reduce((sum, pid) => sum + pssBytes(pid), 0);
    if (process.env.BENCH_MEMORY_TRACE) process.stderr.write(`mem ${performance.now().toFixed(0)} ${(total / 1e6).toFixed(0)} ${this.pids.map((pid) => (pssBytes(pid) / 1e6).toFixed(0)).join(' ')}\n`);
    this.peak = Math.max(this.peak, total);
    return total;
  }

  start(everyMs = 25): void {
    this.peak = 0;
    this.ticks = 0;
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    return this.peak;
  }
}
