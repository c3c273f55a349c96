import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: default paths (.dronecast, certs/out, webapp/dist) are under it, wherever the process was started. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
