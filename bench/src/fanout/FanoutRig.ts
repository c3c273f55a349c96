import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { mediaCodecs } from '@dronecast/sfu/testing';

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

export interface FanoutRigOptions {
  /**
   * SFU workers carrying the consumers (default 1). With more, the producer's router is on the
   * first and every other worker gets a router fed through pipeToRouter, as the SFU spreads a
   * drone's viewers; consumers are dealt out over the routers in turn.
   */
  sfuWorkers?: number;
}

/**
 * The SFU's fan-out, isolated: SFU workers (configured like the SFU's) with one VP8 producer fed
 * over a plain RTP transport, and N consumers, each on its own transport sending to loopback,
 * where one more worker receives every stream as a producer and counts what arrived and what
 * went missing. Only the SFU workers' load is the SFU's; the receiving one stands in for the phones.
 */
export class FanoutRig {
  private consumers: { out: types.PlainTransport; into: types.PlainTransport; receiver: types.Producer }[] = [];

  private constructor(
    readonly sfuWorkers: types.Worker[],
    readonly receivingWorker: types.Worker,
    private readonly sfuRouters: types.Router[],
    private readonly receivingRouter: types.Router,
    readonly ingest: types.PlainTransport,
    private readonly producer: types.Producer,
  ) {}

  /** The worker the producer is on. */
  get sfuWorker(): types.Worker {
    return this.sfuWorkers[0]!;
  }

  static async start(options: FanoutRigOptions = {}): Promise<FanoutRig> {
    const sfuWorkers: types.Worker[] = [];
    for (let i = 0; i < (options.sfuWorkers ?? 1); i++) sfuWorkers.push(await mediasoup.createWorker({ logLevel: 'warn' }));
    const receivingWorker = await mediasoup.createWorker({ logLevel: 'warn' });
    const sfuRouters = await Promise.all(sfuWorkers.map((w) => w.createRouter({ mediaCodecs })));
    const sfuRouter = sfuRouters[0]!;
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
    // The same producer id on every router (keepId), as the SFU's piped routers have it.
    for (const router of sfuRouters.slice(1)) await sfuRouter.pipeToRouter({ producerId: producer.id, router, keepId: true });
    return new FanoutRig(sfuWorkers, receivingWorker, sfuRouters, receivingRouter, ingest, producer);
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
      const sfuRouter = this.sfuRouters[this.consumers.length % this.sfuRouters.length]!;
      const out = await sfuRouter.createPlainTransport({ listenInfo: loopback, rtcpMux: true, comedia: false });
      const into = await this.receivingRouter.createPlainTransport({ listenInfo: loopback, rtcpMux: true, comedia: true });
      await out.connect({ ip: '127.0.0.1', port: into.tuple.localPort });
      const consumer = await out.consume({ producerId: this.producer.id, rtpCapabilities: sfuRouter.rtpCapabilities });
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

  /** Consumers on each SFU worker's router. */
  get consumersPerWorker(): number[] {
    return this.sfuRouters.map((_, i) => this.consumers.filter((_c, k) => k % this.sfuRouters.length === i).length);
  }

  close(): void {
    for (const worker of this.sfuWorkers) worker.close();
    this.receivingWorker.close();
  }
}
