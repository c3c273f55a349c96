import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { repoRoot } from '../Stack.ts';

const systemPackageSchema = z.strictObject({
  name: z.string().min(1),
  group: z.enum(['build', 'run', 'test']),
  for: z.string().min(1),
  commands: z.array(z.string().min(1)).optional(),
  service: z.string().optional(),
});
export type SystemPackage = z.infer<typeof systemPackageSchema>;

/** The one list of Debian packages (what npm install installs), read where the install step reads it. */
export function readSystemPackages(file = path.join(repoRoot, 'scripts/system-packages/packages.json')): SystemPackage[] {
  const parsed = z.object({ packages: z.array(systemPackageSchema) }).parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return parsed.packages;
}

export const aptInstallLine = (names: readonly string[]): string => `sudo apt-get install -y --no-install-recommends ${names.join(' ')}`;
