import { MavLinkProtocolV2 } from 'node-mavlink';
import type { MavLinkData } from 'node-mavlink';

/**
 * Serializes messages as MAVLink 2 from one system/component. Receivers count gaps in the
 * sequence number as lost packets, so one encoder per link keeps its own count.
 */
export class MavlinkEncoder {
  private readonly protocol: MavLinkProtocolV2;
  private seq = 0;

  constructor(
    readonly sysid: number,
    readonly compid: number,
  ) {
    this.protocol = new MavLinkProtocolV2(sysid, compid);
  }

  encode(message: MavLinkData): Buffer {
    const bytes = this.protocol.serialize(message, this.seq);
    this.seq = (this.seq + 1) & 0xff;
    return bytes;
  }
}
