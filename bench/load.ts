/** The machine's load while the bench runs: 2 cores shared with other agents, so it is recorded, not assumed. */
import { loadavg } from 'node:os';

export interface LoadSeen {
  /** The 1-minute load average when the row started. */
  readonly atStart: number;
  readonly min: number;
  readonly max: number;
}

export class LoadWatch {
  private readonly seen: number[] = [loadavg()[0]!];

  sample(): void {
    this.seen.push(loadavg()[0]!);
  }

  result(): LoadSeen {
    this.sample();
    return { atStart: this.seen[0]!, min: Math.min(...this.seen), max: Math.max(...this.seen) };
  }
}
