// Bundles the CLI into one ESM file so `npx entropy-migrate` starts fast with plain Node
// (no TypeScript loader at run time). Runs on `npm ci` through the "prepare" script.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist-cli/entropy-migrate.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Loaded from node_modules when first needed: better-sqlite3 is a compiled addon (and
  // optional); sql.js and h5wasm are megabytes that --help or a database-only run never parse.
  external: ['sql.js', 'better-sqlite3', 'h5wasm'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
