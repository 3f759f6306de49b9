import { defineConfig } from 'vitest/config';

// `npm test`: unit and integration tests. The compatibility suite (against Entropy's own
// reference files), the oracle suite (Entropy 0.15.9 itself), the installed package and the
// browser suite have their own commands.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/compat/**', 'tests/oracle/**', 'tests/e2e/**', 'tests/package/**', 'node_modules/**'],
    globalSetup: ['tests/support/build-cli.ts'],
    testTimeout: 30_000,
  },
});
