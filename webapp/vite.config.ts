import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { appShellPlugin } from './tools/appShellPlugin.ts';

/**
 * One HTML entry per page, each built to dist/ under the same name. The SFU serves
 * dist/index.html at / and dist/<page>.html at /<page>, so the ground console will be
 * `ground: 'ground.html'` and the benchmark `bench: 'bench.html'`.
 */
const pages = {
  phone: 'index.html',
  ground: 'ground.html',
  bench: 'bench.html',
} as const;

const input = Object.fromEntries(
  Object.entries(pages).map(([name, html]) => [name, fileURLToPath(new URL(html, import.meta.url))]),
);

export default defineConfig({
  base: '/',
  plugins: [
    svelte(),
    // The phone page installs as an app: dist/sw.js keeps its shell (public/ holds the manifest and icons).
    appShellPlugin({
      page: { html: pages.phone, entry: 'phone' },
      serviceWorker: fileURLToPath(new URL('src/lib/app/serviceWorker.ts', import.meta.url)),
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: { input },
  },
});
