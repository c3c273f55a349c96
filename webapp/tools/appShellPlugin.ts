import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin, type ResolvedConfig } from 'vite';
import type { AppShell } from '../src/lib/app/AppShell.ts';
import { appShellFromBuild, type BuiltPage } from '../src/lib/app/appShellFromBuild.ts';

export interface AppShellPluginOptions {
  /** The page whose shell the worker keeps. */
  page: BuiltPage;
  /** The worker's source; it is built to /sw.js with the shell in place of `__APP_SHELL__`. */
  serviceWorker: string;
}

/**
 * After the build is written: works out the page's app shell (its HTML, the chunks and CSS its
 * entry reaches, the files from public/), names it by a hash of those files' contents, and builds
 * the service worker with that list in it, as one classic script at dist/sw.js (a module worker
 * would be new to some phones' browsers, and a stable name lets the browser find its update).
 * A new build with any shell file changed makes a different sw.js, which is what updates installed
 * apps. Only for `vite build`: the dev server has no worker.
 */
export function appShellPlugin({ page, serviceWorker }: AppShellPluginOptions): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'dronecast:app-shell',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async writeBundle(output, bundle) {
      const outDir = output.dir ?? path.resolve(config.root, config.build.outDir);
      const publicFiles = config.publicDir ? await filesUnder(config.publicDir) : [];
      const found = appShellFromBuild(bundle, page, publicFiles);
      const shell: AppShell = { version: await contentHash(outDir, [page.html, ...found.filePaths]), ...found };
      await build({
        configFile: false,
        root: config.root,
        publicDir: false,
        logLevel: 'warn',
        define: { __APP_SHELL__: JSON.stringify(shell) },
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          // Small enough to read as it is, in the browser's developer tools too.
          minify: false,
          rolldownOptions: { input: serviceWorker, output: { format: 'iife', entryFileNames: 'sw.js' } },
        },
      });
      config.logger.info(`sw.js: app shell ${shell.version}, ${shell.filePaths.length} files and the page at ${shell.pagePaths.join(', ')}`);
    },
  };
}

/** Paths of the files under a folder, relative and with forward slashes; dotfiles left out. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** 12 hex digits of a SHA-256 over the files' paths and bytes, as written to the output. */
async function contentHash(outDir: string, files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file);
    hash.update(await fs.readFile(path.join(outDir, file)));
  }
  return hash.digest('hex').slice(0, 12);
}
