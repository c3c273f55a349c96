import { io, type Socket } from 'socket.io-client';
import { framesNamespace } from '@dronecast/protocol';

export interface FrameSocketOptions {
  /** The SFU's URL, as given to SfuLink. */
  url: string;
  /** The ground token. */
  token: string;
  /** PEM of the CA that signed the SFU's certificate. */
  ca?: string;
}

/**
 * A socket on the SFU's frames namespace. It gets a connection of its own (forceNew) rather
 * than sharing SfuLink's: frames then never wait behind signaling, and the TLS options are
 * certainly this call's. socket.io reconnects it by itself.
 */
export function connectFrameSocket(options: FrameSocketOptions): Socket {
  const url = new URL(framesNamespace, options.url).toString();
  return io(url, {
    auth: { token: options.token },
    transports: ['websocket'],
    ca: options.ca,
    forceNew: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
  });
}
