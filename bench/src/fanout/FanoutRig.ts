import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { mediaCodecs } from '@dronecast/sfu/src/media/mediaCodecs.ts';

const loopback: types.TransportListenInfo = { protocol: 'udp', ip: '127.0.0.1' };
const sourceSsrc = 22_222_222;
const vp8PayloadType = 101;

export interface FanoutCounters {
  /** Packets the producer received from the encoder. */
  sourcePackets: number;
  /** Packets that arrived across all the receiving transports. */
  receivedPackets: number;
  /** Packets the receivers found missing (sequence gaps). */
  lostPackets: number;
  receivedBytes: number;
}

/**
 * The SFU's fan-out, isolated: one worker (configured like the SFU's) with one VP8 producer fed
 * over a plain RTP transport, and N consumers, each on its own transport sending to loopback,
 * where a second worker receives every stream as a producer and counts what arrived and what
 * went missing. Only the first worker's load is the SFU's; the second stands in for the phones.
 */
export class FanoutRig {
  private consumers: { out: types.PlainTransport; into: types.PlainTransport; receiver: types.Producer }[] = [];

  private constructor(
    readonly sfuWorker: types.Worker,
    private readonly receivingWorker: types.Worker,
    private readonly sfuRouter: types.Router,
    private readonly receivingRouter: types.Router,
    readonly ingest: types.PlainTransport,
    private readonly producer: types.Producer,
  ) {}

  static async start(): Promise<FanoutRig> {
    const sfuWorker = await mediasoup.createWorker({ logLevel: 'warn' });
    const receivingWorker = await mediasoup.createWorker({ logLevel: 'warn' });
    const sfuRouter = await sfuWorker.createRouter({ mediaCodecs });
    const receivingRouter = await receivingWorker.createRouter({ mediaCodecs });
    // RTCP on its own port: ffmpeg sends RTP and RTCP from different ports, and comedia binds to
    // the first packet's source, so a shared port would drop whichever stream came second.
    const ingest = await sfuRouter.createPlainTransport({ listenInfo: loopback, rtcpListenInfo: loopback, rtcpMux: false, comedia: true });
    const producer = await ingest.produce({
      kind: 'video',
      rtpParameters: {
        codecs: [{ mimeType: 'video/VP8', payloadType: vp8PayloadType, clockRate: 90000 }],
        encodings: [{ ssrc: sourceSsrc }],
      },
    });
    return new FanoutRig(sfuWorker, receivingWorker, sfuRouter, receivingRouter, ingest, producer);
  }

  get ingestPorts(): { rtp: number; rtcp: number } {
    return { rtp: this.ingest.tuple.localPort, rtcp: this.ingest.rtcpTuple?.localPort ?? this.ingest.tuple.localPort };
  }

  get source(): { ssrc: number; payloadType: number } {
    return { ssrc: sourceSsrc, payloadType: vp8PayloadType };
  }

  get consumerCount(): number {
    return this.consumers.length;
  }

  /** Adds consumers until there are `total`. */
  async growTo(total: number): Promise<void> {
    while (this.consumers.length < total) {
      const out = await this.sfuRouter.createPlainTransport({ listenInfo: loopback, rtcpMux: true, comedia: false });
      const into = await this.receivingRouter.createPlainTransport({ listenInfo: loopback, rtcpMux: true, comedia: true });
      await out.connect({ ip: '127.0.0.1', port: into.tuple.localPort });
      const consumer = await out.consume({ producerId: this.producer.id, rtpCapabilities: this.sfuRouter.rtpCapabilities });
      const receiver = await into.produce({ kind: 'video', rtpParameters: consumer.rtpParameters });
      this.consumers.push({ out, into, receiver });
    }
  }

  async counters(): Promise<FanoutCounters> {
    const source = (await this.producer.getStats()).find((s) => s.ssrc === sourceSsrc);
    let receivedPackets = 0;
    let lostPackets = 0;
    let receivedBytes = 0;
    // In batches: a few hundred stats requests at once would themselves load the workers' channels.
    for (let i = 0; i < this.consumers.length; i += 50) {
      const batch = await Promise.all(this.consumers.slice(i, i + 50).map(({ receiver }) => receiver.getStats()));
      for (const stats of batch) {
        // The media stream, not its RTX retransmission stream.
        const media = stats.find((s) => s.mimeType === 'video/VP8') ?? stats[0];
        receivedPackets += media?.packetCount ?? 0;
        lostPackets += media?.packetsLost ?? 0;
        receivedBytes += media?.byteCount ?? 0;
      }
    }
    return { sourcePackets: source?.packetCount ?? 0, receivedPackets, lostPackets, receivedBytes };
  }

  close(): void {
    this.sfuWorker.close();
    this.receivingWorker.close();
  }
}
