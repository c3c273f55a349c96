/**
 * ffmpeg output arguments for a crash-safe recording: fragmented MP4 whose every finished fragment
 * plays on its own, so a process killed with SIGKILL leaves a file that plays up to its last
 * fragment (finalizeRecording remuxes it into a plain MP4 later). A fragment starts at each
 * keyframe, and at least every second for a camera whose keyframes are further apart.
 * Both recorders write it: the encoding one (h264RecordingArgs) and the stream copy.
 */
export function fragmentedMp4Args(file: string): string[] {
  return [
    '-movflags', '+frag_keyframe+empty_moov+default_base_moof',
    '-frag_duration', '1000000',
    // Hand each finished fragment to the OS at once: ffmpeg's own write buffer would otherwise
    // hold seconds of video, and a SIGKILL would take them with it.
    '-flush_packets', '1',
    '-f', 'mp4', '-y', file,
  ];
}
