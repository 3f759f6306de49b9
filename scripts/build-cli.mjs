// Bundles the CLI into one ESM file so `entropy-migrate` starts fast with plain Node (no
// TypeScript loader at run time). Runs when the package is packed ("prepack"), in a clone by
// "npm run build:cli" or on the first run of bin/entropy-migrate.mjs: the tarball carries the
// bundle, so installing it needs none of the dev dependencies.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// The package's run-time dependencies are installed beside it: loaded from node_modules, not
// bundled, so the dependency list says what runs. sql.js, h5wasm and better-sqlite3 are
// imported when a run first needs them (megabytes, or a compiled addon that is optional).
const external = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies });
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/bin.ts'],
  outfile: 'dist-cli/entropy-migrate.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
