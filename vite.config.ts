import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { entropy } from './migrations/index.ts';
import packageJson from './package.json' with { type: 'json' };

const { version } = packageJson;

/**
 * The built page may load its own files and nothing else. 'wasm-unsafe-eval' lets the
 * worker compile sql.js; blob: stays out because nothing is loaded from object URLs (the
 * download links are navigations, which CSP does not govern).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Only the build gets the policy: the dev server injects inline scripts and a websocket
 * that it would forbid.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

/** The package file a release puts beside the page (scripts/release.ts). */
export const TARBALL = `entropy-migrate-${version}.tgz`;

/**
 * The page says which entropy-migrate it is, the revision it upgrades to, and how to install
 * the command-line tool of the same release. The release build (PAGE_WITH_PACKAGE=1) has the
 * package file beside the page and links to it; other builds name it.
 */
function releaseFacts(): Plugin {
  const heads = entropy.chain.heads.map((head) => {
    const release = entropy.releaseOfRevision(head);
    return release ? `${head} (${entropy.name} ${release})` : head;
  });
  const beside = process.env.PAGE_WITH_PACKAGE === '1';
  const facts: Record<string, string> = {
    ENTROPY_MIGRATE_VERSION: version,
    ENTROPY_MIGRATE_HEAD: heads.join(' and '),
    ENTROPY_MIGRATE_TARBALL: TARBALL,
    ENTROPY_MIGRATE_PACKAGE: beside ? `<a href="${TARBALL}" download>${TARBALL}</a>` : `<code>${TARBALL}</code>`,
  };
  return {
    name: 'release-facts',
    transformIndexHtml: (html) => html.replace(/%(ENTROPY_MIGRATE_[A-Z]+)%/g, (whole, name: string) => facts[name] ?? whole),
  };
}

export default defineConfig({
  // Relative asset paths: the page works from any sub-path and from any static server.
  base: './',
  plugins: [
    contentSecurityPolicy(),
    releaseFacts(),
    // Offline after the first visit, and installable: a service worker precaches the page,
    // the worker and the sql.js wasm (all of the build), and takes over at once so that the
    // first visit already works offline after a reload. Registered from a file of its own
    // (injectRegister 'script'): the policy forbids inline scripts.
    VitePWA({
      injectRegister: 'script',
      registerType: 'autoUpdate',
      includeAssets: ['icon.svg', 'icon-192.png', 'icon-512.png'],
      manifest: {
        name: 'Upgrade an Entropy database',
        short_name: 'Entropy upgrade',
        description: "Upgrade an old Entropy project's database in your browser, also offline. Nothing is uploaded.",
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#f4f6f9',
        theme_color: '#14233d',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{html,js,css,wasm,svg,png,webmanifest}'],
        // Room above workbox's 2 MiB default for the wasm the page loads (h5wasm's is bigger).
        maximumFileSizeToCacheInBytes: 16 * 2 ** 20,
        clientsClaim: true,
        skipWaiting: true,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: { outDir: 'dist', target: 'es2022' },
  worker: { format: 'es' },
  // A meta tag does not reach the worker (it gets the policy of its own response), so the
  // preview server sends the same policy as a header, and the e2e suite runs under both.
  preview: { headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
});
