/** Saves `text` as a file through the browser's download (no server round trip). */
export function downloadText(filename: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns; the next task may free the blob.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** `dronecast-bench-2026-01-02T03-04-05` from a report's start time: sortable, safe in any file system. */
export function reportFileStem(startedAt: string): string {
  return `dronecast-bench-${startedAt.slice(0, 19).replaceAll(':', '-')}`;
}
