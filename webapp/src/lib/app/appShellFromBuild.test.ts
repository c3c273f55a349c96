import { describe, expect, it } from 'vitest';
import { appShellFromBuild, type BuildOutput } from './appShellFromBuild.ts';

type Chunk = Extract<BuildOutput[string], { type: 'chunk' }>;

function chunk(fileName: string, fields: Partial<Chunk> = {}): Chunk {
  return { type: 'chunk', fileName, name: fileName, isEntry: false, imports: [], dynamicImports: [], ...fields };
}

function outputOf(...files: BuildOutput[string][]): BuildOutput {
  return Object.fromEntries(files.map((file) => [file.fileName, file]));
}

/** Three pages sharing a chunk, as the real build has them. */
const output = outputOf(
  { type: 'asset', fileName: 'index.html' },
  { type: 'asset', fileName: 'ground.html' },
  chunk('assets/phone-a1.js', {
    name: 'phone',
    isEntry: true,
    imports: ['assets/VideoView-b2.js'],
    dynamicImports: ['assets/mqtt.esm-c3.js'],
    viteMetadata: { importedCss: new Set(['assets/phone-d4.css']), importedAssets: new Set() },
  }),
  chunk('assets/VideoView-b2.js', {
    viteMetadata: { importedCss: new Set(['assets/VideoView-e5.css']), importedAssets: new Set(['assets/font-f6.woff2']) },
  }),
  chunk('assets/mqtt.esm-c3.js', { imports: ['assets/VideoView-b2.js'] }),
  chunk('assets/ground-g7.js', { name: 'ground', isEntry: true, imports: ['assets/VideoView-b2.js'] }),
  { type: 'asset', fileName: 'assets/phone-d4.css' },
  { type: 'asset', fileName: 'assets/VideoView-e5.css' },
  { type: 'asset', fileName: 'assets/font-f6.woff2' },
);

describe("a page's app shell, from the build", () => {
  it("holds every chunk the page's entry reaches, with their CSS and assets, and the public files", () => {
    const shell = appShellFromBuild(output, { html: 'index.html', entry: 'phone' }, ['manifest.webmanifest', 'icons/icon-192.png']);
    expect(shell.pagePaths).toEqual(['/', '/index.html']);
    expect(shell.filePaths).toEqual([
      '/assets/VideoView-b2.js',
      '/assets/VideoView-e5.css',
      '/assets/font-f6.woff2',
      '/assets/mqtt.esm-c3.js',
      '/assets/phone-a1.js',
      '/assets/phone-d4.css',
      '/icons/icon-192.png',
      '/manifest.webmanifest',
    ]);
  });

  it("leaves out the other pages' code and HTML", () => {
    const shell = appShellFromBuild(output, { html: 'index.html', entry: 'phone' }, []);
    expect(shell.filePaths).not.toContain('/assets/ground-g7.js');
    expect(shell.filePaths).not.toContain('/ground.html');
  });

  it('refuses a build without the page, rather than make a worker that keeps nothing', () => {
    expect(() => appShellFromBuild(output, { html: 'index.html', entry: 'pilot' }, [])).toThrow(/no entry chunk named pilot/);
    expect(() => appShellFromBuild(output, { html: 'phone.html', entry: 'phone' }, [])).toThrow(/no phone.html/);
  });
});
