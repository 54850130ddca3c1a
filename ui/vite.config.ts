import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web UI is a static single-page app that `keelson server` serves from
// dist/ui. `npm run dev:ui` proxies the API to a server on :8080 (override with
// KEELSON_SERVER), so the UI can be developed with hot reload.
const root = fileURLToPath(new URL('.', import.meta.url));
const target = process.env.KEELSON_SERVER ?? 'http://localhost:8080';

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': { target, changeOrigin: true },
      '/auth': { target, changeOrigin: true },
    },
  },
});
