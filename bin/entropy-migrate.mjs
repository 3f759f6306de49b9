#!/usr/bin/env node
// The installed command. The TypeScript CLI is bundled into dist-cli/ by `npm ci`
// ("prepare" script); if that step was skipped, say how to build it.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist-cli/entropy-migrate.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('entropy-migrate: the CLI is not built yet; run "npm run build:cli" (npm ci does it).\n');
  process.exit(2);
}
await import(bundle.href);
