import type { AppShell } from './AppShell.ts';

/** What this reads of a Vite build's output bundle (Vite's own `OutputBundle` fits it). */
export type BuildOutput = Record<string, BuiltChunk | BuiltAsset>;

interface BuiltChunk {
  type: 'chunk';
  fileName: string;
  name: string;
  isEntry: boolean;
  imports: readonly string[];
  dynamicImports: readonly string[];
  /** What Vite adds: the CSS and the assets (fonts, images) the chunk's modules import. */
  viteMetadata?: { importedCss: ReadonlySet<string>; importedAssets: ReadonlySet<string> };
}

interface BuiltAsset {
  type: 'asset';
  fileName: string;
}

/** A page of the build: its HTML file and the name of its entry chunk (the key in `build.rolldownOptions.input`). */
export interface BuiltPage {
  html: string;
  entry: string;
}

/**
 * The shell of one page of a build: its HTML (at `/` for index.html, also reachable by its file
 * name) and every chunk its entry reaches, statically or by a dynamic import (a transport picked
 * later still has to load offline), with their CSS and assets, plus the files copied from
 * `public/` (icons, manifest). Other pages' chunks are not in it. Throws when the page is not in
 * the build, rather than producing a worker that caches nothing.
 */
export function appShellFromBuild(output: BuildOutput, page: BuiltPage, publicFiles: readonly string[]): Omit<AppShell, 'version'> {
  const files = Object.values(output);
  if (!files.some((file) => file.type === 'asset' && file.fileName === page.html)) {
    throw new Error(`the build has no ${page.html}`);
  }
  const entry = files.find((file): file is BuiltChunk => file.type === 'chunk' && file.isEntry && file.name === page.entry);
  if (!entry) throw new Error(`the build has no entry chunk named ${page.entry}`);

  const reached = new Set<string>();
  const visit = (chunk: BuiltChunk): void => {
    if (reached.has(chunk.fileName)) return;
    reached.add(chunk.fileName);
    for (const file of [...(chunk.viteMetadata?.importedCss ?? []), ...(chunk.viteMetadata?.importedAssets ?? [])]) reached.add(file);
    for (const name of [...chunk.imports, ...chunk.dynamicImports]) {
      const imported = output[name];
      if (imported?.type === 'chunk') visit(imported);
    }
  };
  visit(entry);

  const pagePaths = page.html === 'index.html' ? ['/', '/index.html'] : [`/${page.html}`];
  return { pagePaths, filePaths: [...[...reached].sort(), ...[...publicFiles].sort()].map((file) => `/${file}`) };
}
