import { defineConfig } from 'vitest/config';

// `npm run test:compat`: the engine against Entropy's reference databases in
// ../shared/entropy-fixtures (or $ENTROPY_FIXTURES).
export default defineConfig({
  test: {
    include: ['tests/compat/**/*.test.ts'],
    globalSetup: ['tests/support/build-cli.ts'],
    testTimeout: 60_000,
  },
});
