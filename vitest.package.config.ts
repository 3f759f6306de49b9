import { defineConfig } from 'vitest/config';

// `npm run test:package`: the package as users get it, packed and installed with npm into an
// empty prefix (npm builds native SQLite there: minutes, so not part of `npm test`).
export default defineConfig({
  test: {
    include: ['tests/package/**/*.test.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
  },
});
