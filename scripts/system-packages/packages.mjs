import { readFileSync } from 'node:fs';

/**
 * @typedef {'build' | 'run' | 'test'} PackageGroup
 * @typedef {{ name: string, group: PackageGroup, for: string, commands?: string[], service?: string }} SystemPackage
 */

/** @type {SystemPackage[]} The one list (packages.json), read here for the install steps. */
export const SYSTEM_PACKAGES = JSON.parse(readFileSync(new URL('./packages.json', import.meta.url), 'utf8')).packages;

/** @param {PackageGroup[]} groups */
export function packagesIn(groups) {
  return SYSTEM_PACKAGES.filter((p) => groups.includes(p.group));
}
