import { minimal } from 'node-mavlink';
import { createLogger } from '@dronecast/runtime';
import type { Target } from '../../drone/gcsMessages.ts';
import { UdpLink } from '../../drone/links/UdpLink.ts';
import { MavlinkDroneLink } from '../../drone/MavlinkDroneLink.ts';
import { VehicleSimulator } from '../../drone/sim/VehicleSimulator.ts';
import { qgcIdentity, RawGroundStation } from '../../drone/testing/RawGroundStation.ts';
import { systemTimers } from '../../time/Timers.ts';
import type { GroundStationConnection } from '../groundStationSpec.ts';
import { GroundStations } from '../GroundStations.ts';
import { MavlinkRouter } from '../MavlinkRouter.ts';

export interface RouterRig {
  sim: VehicleSimulator;
  stations: GroundStations;
  router: MavlinkRouter;
  link: MavlinkDroneLink;
  /** The port of the first --gcs, a udp: listener on loopback. */
  gcsPort: number;
  /** A ground station sending to that port, as QGroundControl's default link does, once it hears the vehicle. */
  station(identity?: Target): Promise<RawGroundStation>;
  close(): Promise<void>;
}

/**
 * The agent's MAVLink side as main.ts wires it: the simulator at 10x, a drone link sharing its
 * channel through the router, ground stations on a loopback UDP port (and `more`).
 */
export async function startRouterRig(options: { more?: GroundStationConnection[]; vehicle?: string } = {}): Promise<RouterRig> {
  const logger = createLogger('test');
  const closing: (() => Promise<unknown>)[] = [];
  const close = async (): Promise<void> => {
    for (const step of closing.splice(0).reverse()) await step();
  };
  try {
    const sim = new VehicleSimulator({ listen: ['udp:127.0.0.1:0'], timeScale: 10, params: { gpsFixDelayS: 0 } });
    await sim.start();
    closing.push(() => sim.stop());
    const stations = await GroundStations.open([{ kind: 'udp', host: '127.0.0.1', port: 0 }, ...(options.more ?? [])], { timers: systemTimers, logger });
    closing.push(() => stations.close());
    const router = new MavlinkRouter(stations, logger);
    const link = new MavlinkDroneLink({ connection: options.vehicle ?? sim.endpoints[0]!.groundStation!, router, timing: { setpointResendMs: 100 } });
    await link.connect(5000);
    closing.push(() => link.close());
    const gcsPort = stations.served[0]!.localPort!;
    const station = async (identity: Target = qgcIdentity): Promise<RawGroundStation> => {
      const gcs = await RawGroundStation.open(new UdpLink({ mode: 'udpout', host: '127.0.0.1', port: gcsPort }), identity);
      closing.push(() => gcs.close());
      gcs.heartbeat();
      await gcs.next('HEARTBEAT', (h: minimal.Heartbeat) => h.autopilot === minimal.MavAutopilot.ARDUPILOTMEGA);
      return gcs;
    };
    return { sim, stations, router, link, gcsPort, station, close };
  } catch (error) {
    await close();
    throw error;
  }
}
