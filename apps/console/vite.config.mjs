// The staff console: built into dist/console, served by the gateway at /console/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react()],
  build: { outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)), emptyOutDir: true },
  // `npx vite --config apps/console/vite.config.mjs` in development: the API of `npm start` behind the same origin.
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
