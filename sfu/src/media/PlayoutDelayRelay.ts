import type { types } from 'mediasoup';
import { playoutDelayBytes, playoutDelayUri } from '@dronecast/protocol';
import { withOneByteExtension } from './rtpExtensionElement.ts';
const payloadSpecificFeedback = 206;
const pli = 1;
const fir = 4;

/**
 * The drone video from an encoder that cannot ask for a playout delay (wrtc's VP8), produced again
 * on the same router with the delay in every packet (0 by default: render at once, no smoothing),
 * which mediasoup forwards but cannot add. The packets pass through the SFU's Node
 * process (a direct transport): about a hundred a second for one drone, each copied once.
 * Keyframe requests from viewers go back to the original producer.
 */
export class PlayoutDelayRelay {
  private constructor(
    private readonly transport: types.DirectTransport,
    /** What viewers consume: the original's packets with the zero delay. */
    readonly producer: types.Producer,
  ) {}

  /** Whether a producer already carries the extension (a camera passed through): then no relay is needed. */
  static carriesPlayoutDelay(producer: types.Producer): boolean {
    return producer.rtpParameters.headerExtensions?.some((e) => e.uri === playoutDelayUri) ?? false;
  }

  static async open(router: types.Router, original: types.Producer, delayMs: number, appData: types.AppData): Promise<PlayoutDelayRelay> {
    const delay = playoutDelayBytes(delayMs);
    const transport = await router.createDirectTransport();
    try {
      const consumer = await transport.consume({ producerId: original.id, rtpCapabilities: router.rtpCapabilities });
      const extensions = consumer.rtpParameters.headerExtensions ?? [];
      const id = extensions.find((e) => e.uri === playoutDelayUri)?.id;
      if (id === undefined) throw new Error('the router offers no playout-delay extension');
      const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc;
      const producer = await transport.produce({
        kind: 'video',
        rtpParameters: {
          codecs: consumer.rtpParameters.codecs,
          headerExtensions: extensions,
          encodings: [{ ssrc }],
          rtcp: { cname: consumer.rtpParameters.rtcp?.cname ?? 'drone-camera', reducedSize: true },
        },
        appData,
      });
      consumer.on('rtp', (packet) => {
        if (!producer.closed) producer.send(withOneByteExtension(packet, id, delay));
      });
      transport.on('rtcp', (packet) => {
        if (asksForKeyframe(packet)) void consumer.requestKeyFrame().catch(() => undefined);
      });
      // The relay lives exactly as long as the original.
      consumer.on('producerclose', () => transport.close());
      consumer.on('transportclose', () => transport.close());
      original.observer.once('close', () => transport.close());
      return new PlayoutDelayRelay(transport, producer);
    } catch (error) {
      transport.close();
      throw error;
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** A compound RTCP packet holding a PLI or FIR (RFC 4585, 5104). */
function asksForKeyframe(rtcp: Buffer): boolean {
  for (let at = 0; at + 4 <= rtcp.length; ) {
    const format = rtcp[at]! & 0x1f;
    const type = rtcp[at + 1]!;
    if (type === payloadSpecificFeedback && (format === pli || format === fir)) return true;
    at += (rtcp.readUInt16BE(at + 2) + 1) * 4;
  }
  return false;
}
