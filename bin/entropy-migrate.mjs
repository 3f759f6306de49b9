#!/usr/bin/env node
// The installed command: the CLI bundled into dist-cli/. The package carries the bundle (made
// when it is packed); a clone builds it with "npm run build:cli", or here on its first run.
// No install-time script does it, so installing the package runs none of its own.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist-cli/entropy-migrate.mjs', import.meta.url);
if (!existsSync(bundle)) {
  const builder = new URL('../scripts/build-cli.mjs', import.meta.url);
  if (!existsSync(builder)) {
    process.stderr.write('entropy-migrate: this installation is incomplete (dist-cli/ is missing); install the package again.\n');
    process.exit(2);
  }
  process.stderr.write('entropy-migrate: building the command from the sources first (npm run build:cli)...\n');
  await import(builder.href);
}
await import(bundle.href);
