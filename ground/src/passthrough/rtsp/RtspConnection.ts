import { EventEmitter } from 'node:events';
import net from 'node:net';
import { RtspAuthorization, type RtspCredentials } from './RtspAuthorization.ts';
import { headerValue, RtspStreamReader, type RtspHeaders } from './RtspStreamReader.ts';

export interface RtspResponse {
  status: number;
  reason: string;
  headers: RtspHeaders;
  body: Buffer;
}

export interface RtspConnectionEvents {
  /** A packet the camera interleaves on the connection (RFC 2326 §10.12): RTP on even channels, RTCP on odd. */
  interleaved: [channel: number, data: Buffer];
  /** The connection ended: the camera closed it, it broke, or it sent what is not RTSP. */
  closed: [Error];
}

export interface RtspConnectionOptions {
  host: string;
  port: number;
  credentials: RtspCredentials | undefined;
  /** How long a camera may take to accept the connection or answer a request; default 5 s. */
  timeoutMs?: number;
}

/** A camera's refusal or silence, worded for the operator. */
export class RtspRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const userAgent = 'dronecast';

/**
 * One RTSP connection to a camera over TCP: requests answered in order (CSeq), a challenge answered
 * once with the credentials and then on every request, and the media the camera interleaves.
 */
export class RtspConnection extends EventEmitter<RtspConnectionEvents> {
  private readonly socket: net.Socket;
  private readonly reader = new RtspStreamReader();
  private sequence = 0;
  private readonly waiting = new Map<number, { resolve: (response: RtspResponse) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  private authorization: RtspAuthorization | undefined;
  private ended: Error | undefined;
  /** The Session header value once SETUP gave one, sent on every request after. */
  session: string | undefined;

  private constructor(private readonly options: RtspConnectionOptions) {
    super();
    this.socket = net.connect({ host: options.host, port: options.port, noDelay: true });
    this.socket.on('data', (chunk) => this.receive(chunk));
    this.socket.on('error', (error) => this.end(error));
    this.socket.on('close', () => this.end(new Error('the camera closed the connection')));
  }

  /** Connects, or rejects with why not within the timeout. */
  static async open(options: RtspConnectionOptions): Promise<RtspConnection> {
    const connection = new RtspConnection(options);
    const timeoutMs = options.timeoutMs ?? 5000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => connection.end(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      connection.socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      connection.once('closed', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    return connection;
  }

  /**
   * Sends a request and resolves with its 2xx answer. A 401 is answered once with the credentials;
   * any other refusal rejects with an RtspRequestError naming it.
   */
  async request(method: string, url: string, headers: Record<string, string> = {}): Promise<RtspResponse> {
    let response = await this.send(method, url, headers);
    // Answered on the first challenge, and again on a later one: cameras expire their nonces (stale=true).
    if (response.status === 401 && this.options.credentials) {
      const challenges = response.headers.get('www-authenticate') ?? [];
      this.authorization = RtspAuthorization.answer(challenges, this.options.credentials);
      if (!this.authorization) throw new RtspRequestError(`the camera asks for an authentication we cannot give (${challenges.join('; ') || 'none named'})`, 401);
      response = await this.send(method, url, headers);
    }
    if (response.status === 401) {
      throw new RtspRequestError(this.options.credentials ? 'the camera refused the user and password in the URL (401)' : 'the camera wants a user and password: put them in the URL, rtsp://user:password@host/path (401)', 401);
    }
    if (response.status < 200 || response.status > 299) throw new RtspRequestError(`the camera answered ${method} with ${response.status} ${response.reason}`.trim(), response.status);
    return response;
  }

  /** Sends an RTCP packet on the connection's channel for it (best effort). */
  sendInterleaved(channel: number, data: Buffer): void {
    if (this.ended) return;
    const header = Buffer.from([0x24, channel, data.length >> 8, data.length & 0xff]);
    this.socket.write(Buffer.concat([header, data]));
  }

  close(): void {
    this.end(new Error('closed'));
  }

  private send(method: string, url: string, headers: Record<string, string>): Promise<RtspResponse> {
    if (this.ended) return Promise.reject(this.ended);
    const cseq = ++this.sequence;
    const lines = [`${method} ${url} RTSP/1.0`, `CSeq: ${cseq}`, `User-Agent: ${userAgent}`];
    if (this.authorization) lines.push(`Authorization: ${this.authorization.header(method, url)}`);
    if (this.session !== undefined) lines.push(`Session: ${this.session}`);
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    const timeoutMs = this.options.timeoutMs ?? 5000;
    return new Promise<RtspResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(cseq);
        reject(new RtspRequestError(`the camera did not answer ${method} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiting.set(cseq, { resolve, reject, timer });
      this.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
  }

  private receive(chunk: Buffer): void {
    let items;
    try {
      items = this.reader.push(chunk);
    } catch (error) {
      this.end(new Error(`${this.options.host}:${this.options.port} does not answer as an RTSP camera: ${(error as Error).message}`));
      return;
    }
    for (const item of items) {
      if (item.kind === 'interleaved') this.emit('interleaved', item.channel, item.data);
      else if (item.kind === 'response') {
        const cseq = Number(headerValue(item.headers, 'cseq'));
        const waiter = this.waiting.get(cseq);
        if (!waiter) continue;
        this.waiting.delete(cseq);
        clearTimeout(waiter.timer);
        waiter.resolve(item);
      }
      // A request from the camera (ANNOUNCE, SET_PARAMETER) changes nothing we rely on: it is let be.
    }
  }

  private end(error: Error): void {
    if (this.ended) return;
    this.ended = error;
    this.socket.destroy();
    for (const waiter of this.waiting.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
    this.waiting.clear();
    this.emit('closed', error);
  }
}
