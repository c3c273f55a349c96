import { freePort, freePortRange, startLoopbackStack, type LoopbackStack, type LoopbackStackOptions } from '@dronecast/launcher';
import type { ImpairmentProfile } from './ImpairmentProfile.ts';
import { TcpImpairmentRelay } from './TcpImpairmentRelay.ts';
import { UdpImpairmentRelay } from './UdpImpairmentRelay.ts';

/** Where mediasoup really listens, and the loopback address it announces, which the UDP relay holds. */
const rtcListenIp = '127.0.0.1';
const announcedAddress = '127.0.0.2';

export interface ImpairedStack {
  stack: LoopbackStack;
  /** A page URL of the stack, moved onto the impaired path (same token, the relay's port). */
  throughRelay(url: string): string;
  relays: { tcp: TcpImpairmentRelay; udp: UdpImpairmentRelay };
  stop(): Promise<void>;
}

/**
 * The loopback stack with every client behind one impaired path: HTTPS, signaling, websocket and
 * MQTT through a TCP relay on another port, and WebRTC media through a UDP relay on the address
 * the SFU announces. The ground agent and the pose worker use the same path, so each of the three
 * transports crosses it twice (drone up, phone down), as WebRTC's media does.
 */
export async function startImpairedStack(profile: ImpairmentProfile, options: Omit<LoopbackStackOptions, 'network'> = {}): Promise<ImpairedStack> {
  const port = await freePort();
  const rtcPort = await freePortRange(1);
  const tcp = await TcpImpairmentRelay.start({ listen: { host: '127.0.0.1', port: 0 }, target: { host: '127.0.0.1', port }, profile });
  const udp = await UdpImpairmentRelay.start({ listen: { host: announcedAddress, port: rtcPort }, target: { host: rtcListenIp, port: rtcPort }, profile });
  const relayOrigin = `https://127.0.0.1:${tcp.port}`;
  let stack: LoopbackStack;
  try {
    stack = await startLoopbackStack({
      ...options,
      workers: 1,
      network: { port, rtcPort, announcedAddress, rtcListenIp, servicesSfuUrl: relayOrigin },
    });
  } catch (error) {
    udp.close();
    await tcp.close();
    throw error;
  }
  return {
    stack,
    relays: { tcp, udp },
    throughRelay: (url) => {
      const moved = new URL(url);
      moved.port = String(tcp.port);
      return moved.toString();
    },
    stop: async () => {
      await stack.stop();
      udp.close();
      await tcp.close();
    },
  };
}
