/**
 * npm run fuzz -- --runs N [--seed S] [--timeout MS] [--threads T]
 * Longer fuzz runs than CI's 300 seeds; the same harness. A failing seed replays with
 * `npm run fuzz -- --seed S --runs 1`. Exits 1 when any case fails.
 */
import { parseArgs } from 'node:util';
import { fuzz, summary } from '../tests/fuzz/harness.ts';
import { FAILURES } from '../tests/fuzz/protocol.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '0' },
    timeout: { type: 'string', default: '10000' },
    threads: { type: 'string', default: '2' },
  },
});
const number = (name: keyof typeof values, min: number): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`fuzz: --${name} must be a whole number of at least ${min}.\n`);
    process.exit(2);
  }
  return n;
};

const runs = number('runs', 1);
const firstSeed = number('seed', 0);
let done = 0;
const report = await fuzz({
  runs,
  firstSeed,
  timeoutMs: number('timeout', 1),
  threads: number('threads', 1),
  onResult: (r) => {
    done++;
    if (FAILURES.includes(r.outcome)) {
      process.stdout.write(`\nFAIL seed ${r.seed} (${r.kind}: ${r.description}, ${r.direction}): ${r.outcome}\n  ${r.message}\n  replay: npm run fuzz -- --seed ${r.seed} --runs 1\n`);
    }
    if (process.stdout.isTTY && done % 50 === 0) process.stdout.write(`\r${done}/${runs}`);
  },
});
if (process.stdout.isTTY) process.stdout.write('\r');
console.log(summary(report, firstSeed));
process.exitCode = report.failures.length ? 1 : 0;
