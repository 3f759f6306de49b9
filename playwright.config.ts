import { defineConfig } from '@playwright/test';
import { BRANCHED_PORT } from './tests/e2e/branched/port.ts';

/** A port of its own, so the suite does not collide with a running `npm start` (4173). */
const PORT = Number(process.env.E2E_PORT ?? 4183);

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  // The first call to a fresh worker loads a 5 MB bundle and sql.js; on a loaded two-core
  // machine that alone took 15 s, so page expectations get twice that.
  expect: { timeout: 30_000 },
  fullyParallel: false,
  // On CI's two cores one browser at a time: two Chromiums beside the large-file tests starved
  // each other's workers past any fair timeout. Locally two are fine and faster.
  workers: process.env.CI ? 1 : 2,
  // One more try on CI only: a loaded runner once held a worker's first answer past 30 s (a
  // text file's refusal in the screenshot walk); a test that fails twice still fails the run.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    browserName: 'chromium',
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      // The machine's Chromium: no browser download happens here. We run as root, hence no sandbox.
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: [
    {
      // The built site, as people get it, served with the same policy header the preview sets.
      command: `npx vite build && npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      // A test build of the same page whose worker is handed a chain with two heads (tests/e2e/branched).
      command: `npx vite build --config tests/e2e/branched/vite.config.ts && npx vite preview --config tests/e2e/branched/vite.config.ts --port ${BRANCHED_PORT} --strictPort --host 127.0.0.1`,
      url: `http://127.0.0.1:${BRANCHED_PORT}/`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
