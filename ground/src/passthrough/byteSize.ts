/** "8 MB", "98 kB": a byte limit for messages. */
export function byteSize(bytes: number): string {
  return bytes >= 1 << 20 ? `${Math.round(bytes / (1 << 20))} MB` : `${Math.round(bytes / 1024)} kB`;
}
