import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// `npm run test:oracle`: Entropy 0.15.9 itself (the kit in ../shared/entropy-oracle, or
// $ENTROPY_ORACLE) judges whole-project upgrades. One test file at a time; the cases inside
// run concurrently, their child processes gated to the machine's cores (tests/oracle/kit.ts).
export default defineConfig({
  test: {
    include: ['tests/oracle/**/*.test.ts'],
    globalSetup: ['tests/support/build-cli.ts'],
    fileParallelism: false,
    maxConcurrency: Math.max(2, availableParallelism() * 2),
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
