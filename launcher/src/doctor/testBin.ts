import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A folder of fake programs for PATH: each prints a line and exits with the code given. */
export function fakeBinDir(programs: Record<string, { stdout?: string; exitCode?: number }>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dronecast-doctor-bin-'));
  for (const [name, { stdout = '', exitCode = 0 }] of Object.entries(programs)) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' '${stdout}'\nexit ${exitCode}\n`, { mode: 0o755 });
  }
  return dir;
}
