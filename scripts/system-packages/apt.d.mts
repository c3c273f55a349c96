// Types for apt.mjs, so the doctor gives the same apt-get line as the install step.
import type { SystemPackage } from './packages.mjs';

export declare function aptInstallLine(names: readonly string[]): string;
export declare function missingPackages(names: readonly string[]): string[];
export declare function ensurePackages(
  packages: SystemPackage[],
  log: { line(text: string): void; run(command: string, args: string[], options?: object): Promise<void> },
  purpose: string,
  elsewhere: string,
): Promise<void>;
