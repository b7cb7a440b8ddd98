import { defineConfig } from 'vite';

/** Builds the dashboard into web/admin/dist, served by the API server at /_/. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/_/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The server sends a strict CSP (script-src 'self'): no inline module-preload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 400,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8090' } },
});
