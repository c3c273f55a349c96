/** What every kind of fuzzer offers the runner. */
export interface Fuzzer {
  /** The report's name for its cases, e.g. "socket.io". */
  readonly kind: string;
  /** How many cases it runs at once (each lane runs one case after another). */
  readonly lanes: number;
  /** Runs one case to its end (answered, refused, closed or timed out) and records it in the report. */
  runCase(lane: number): Promise<void>;
  close(): Promise<void>;
}

/** The running stack as the fuzzers reach it: loopback only. */
export interface FuzzTarget {
  origin: string;
  port: number;
  /** The embedded broker's plain TCP port. */
  mqttTcpPort: number;
  /** The stack's CA certificate (PEM). */
  ca: string;
  droneId: string;
  tokens: { pilot: string; viewer: string; console: string; processing: string };
  /** A photo in the gallery, for byte and Range requests; no fuzz case may delete it. */
  galleryItemId: string;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
