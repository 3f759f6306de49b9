/** Child processes for the benchmark: timed runs and streamed output. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Timed {
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end; wall time from spawn to exit. Fails on a non-zero exit. */
export function timed(command: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const input = options.input;
    const child = spawn(command, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms, stdout, stderr });
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.trim() || stdout.trim()}`));
    });
    if (input !== undefined) feed(child.stdin!, input);
  });
}

/** Runs a command and feeds its stdout, chunk by chunk, to `sink` (for outputs too big to hold). */
export function streamed(command: string, args: readonly string[], input: string, sink: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', sink);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr.trim()}`))));
    feed(child.stdin, input);
  });
}

/** A child that fails early closes its stdin; its exit code tells why, not our EPIPE. */
function feed(stdin: NodeJS.WritableStream, input: string): void {
  stdin.on('error', () => undefined);
  stdin.end(input);
}

/** GNU time, which reports a finished process's peak resident memory (absent on some machines). */
const GNU_TIME = '/usr/bin/time';

export interface Measured extends Timed {
  /** Peak resident set size in bytes; null where GNU time is not installed. */
  readonly peakRssBytes: number | null;
}

/**
 * timed(), and the process's peak RSS from GNU time (-f %M, in KiB). The wall time then
 * includes GNU time's own fork and exec, under a millisecond.
 */
export async function measured(command: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Measured> {
  if (!existsSync(GNU_TIME)) return { ...(await timed(command, args, options)), peakRssBytes: null };
  const report = join(tmpdir(), `entropy-bench-rss-${process.pid}.txt`);
  try {
    const result = await timed(GNU_TIME, ['-f', '%M', '-o', report, command, ...args], options);
    return { ...result, peakRssBytes: Number(readFileSync(report, 'utf8').trim().split('\n').pop()) * 1024 };
  } finally {
    rmSync(report, { force: true });
  }
}
