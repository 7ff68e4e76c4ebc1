import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { emotionPropNames } from './scripts/emotion-prop-names.ts';

// The renderer builds to static files served by the sync server (web app) and by the desktop shell's app:// scheme.
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react(), emotionPropNames()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // One bundle loaded from disk (desktop) or loopback/LAN (web): splitting buys little before the queue screens exist.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:4720', '/socket.io': { target: 'ws://127.0.0.1:4720', ws: true } },
  },
});
