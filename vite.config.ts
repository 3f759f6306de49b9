import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  // Relative asset paths: the page works from any sub-path and from any static server.
  base: './',
  plugins: [contentSecurityPolicy()],
  build: { outDir: 'dist', target: 'es2022' },
  worker: { format: 'es' },
  // A meta tag does not reach the worker (it gets the policy of its own response), so the
  // preview server sends the same policy as a header, and the e2e suite runs under both.
  preview: { headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
});
