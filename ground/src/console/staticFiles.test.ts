import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticFilePath } from './staticFiles.ts';

const root = path.resolve('/srv/webapp/dist');

describe('files of the built web app', () => {
  it('maps asset paths into the folder', () => {
    expect(staticFilePath(root, '/assets/ground-abc123.js')).toBe(path.join(root, 'assets/ground-abc123.js'));
    expect(staticFilePath(root, '/ground.html')).toBe(path.join(root, 'ground.html'));
    expect(staticFilePath(root, '/assets/a%20b.css')).toBe(path.join(root, 'assets/a b.css'));
  });

  it('never leaves the folder, shows hidden files, or serves unknown types', () => {
    for (const urlPath of ['/../secret.js', '/assets/../../etc/passwd', '/%2e%2e/secret.js', '/assets/%2e%2e%2f%2e%2e%2fx.js', '/.env', '/.git/config', '/a%00.js', '/%E0%A4%A.js', '/', '/assets/', '/server.key', '/noextension']) {
      expect(staticFilePath(root, urlPath), urlPath).toBeNull();
    }
  });
});
