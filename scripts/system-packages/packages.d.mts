// Types for packages.mjs, so the doctor (TypeScript) reads the list the install step reads.
export type PackageGroup = 'build' | 'run' | 'test';
export interface SystemPackage {
  name: string;
  group: PackageGroup;
  for: string;
  commands?: string[];
  service?: string;
}
export declare const SYSTEM_PACKAGES: SystemPackage[];
export declare function packagesIn(groups: PackageGroup[]): SystemPackage[];
