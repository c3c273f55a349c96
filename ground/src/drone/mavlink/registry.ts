import { ardupilotmega, common, minimal } from 'node-mavlink';
import type { MavLinkData, MavLinkDataConstructor, MavLinkPacketRegistry } from 'node-mavlink';

/** Every message both ends understand: ArduPilot's dialect over common over minimal. */
export const REGISTRY: MavLinkPacketRegistry = { ...minimal.REGISTRY, ...common.REGISTRY, ...ardupilotmega.REGISTRY };

/** e.g. "COMMAND_LONG", for logs and the benchmark hook. */
export function messageName(message: MavLinkData): string {
  return (message.constructor as MavLinkDataConstructor<MavLinkData>).MSG_NAME;
}
