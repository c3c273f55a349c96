// Types for pinned-files.mjs, so TypeScript (npm run doctor) reads the same pins the install step uses.
export interface PinnedFile {
  member: string;
  sha256: string;
  size: number;
  target: string;
}
export interface PinnedPackage {
  spec: string;
  why: string;
  files: PinnedFile[];
}
export declare const PINNED_PACKAGES: PinnedPackage[];
