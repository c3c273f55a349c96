import { UsageError } from '@dronecast/runtime';
import { formatConnection, readConnection, type Connection } from '../drone/links/connectionString.ts';

/** How the agent reaches a ground station: never a serial port (that is the drone's side). */
export type GroundStationConnection = Extract<Connection, { kind: 'udp' | 'udpout' | 'tcp' }>;

export const groundStationForms = `  udp:HOST:PORT      listen, and answer every station that sends to it (QGroundControl's default link: udp:0.0.0.0:14550)
  udpout:HOST:PORT   send to a station that listens on HOST:PORT
  tcp:HOST:PORT      connect to a station's TCP server (e.g. MAVProxy's tcpin), redialing until it answers`;

/** Parses one --gcs value; throws UsageError naming what is wrong and listing the accepted forms. */
export function parseGroundStationSpec(text: string): GroundStationConnection {
  const fail = (why: string): never => {
    throw new UsageError(`--gcs "${text}": ${why}; use one of\n${groundStationForms}`);
  };
  const connection = readConnection(text, fail);
  if (connection.kind === 'serial') return fail('a ground station is reached over udp:, udpout: or tcp:, not a serial port (that is for --drone)');
  if (connection.kind === 'tcp' && connection.port === 0) return fail('tcp needs the port to connect to');
  return connection;
}

/**
 * Every --gcs, parsed, refusing one given twice and a listener on the port the drone link listens
 * on (both would bind it; the second could never start).
 */
export function parseGroundStationSpecs(texts: readonly string[], drone: string | undefined): GroundStationConnection[] {
  const specs = texts.map(parseGroundStationSpec);
  const seen = new Set<string>();
  for (const spec of specs) {
    const text = formatConnection(spec);
    if (seen.has(text)) throw new UsageError(`--gcs ${text} is given twice`);
    seen.add(text);
  }
  const droneListen = drone?.match(/^udp:[^:]+:(\d+)$/)?.[1];
  const clash = specs.find((s) => s.kind === 'udp' && droneListen !== undefined && s.port === Number(droneListen) && s.port !== 0);
  if (clash) throw new UsageError(`--gcs ${formatConnection(clash)} and --drone ${drone} both listen on UDP port ${clash.port}: give the ground stations another port`);
  return specs;
}
