/** RTSP header names, lower case, each with every value sent. */
export type RtspHeaders = ReadonlyMap<string, readonly string[]>;

/** One thing read from an RTSP connection over TCP (RFC 2326 §10.12): a message, or a media packet between them. */
export type RtspStreamItem =
  | { kind: 'response'; status: number; reason: string; headers: RtspHeaders; body: Buffer }
  /** A request from the camera to us (ANNOUNCE, SET_PARAMETER...): none is needed, so none is acted on. */
  | { kind: 'request'; method: string; headers: RtspHeaders }
  | { kind: 'interleaved'; channel: number; data: Buffer };

/** The camera sent something that is not RTSP: the connection is beyond repair. */
export class RtspProtocolError extends Error {}

/** A header block larger than this is not a camera's. */
const maxHeaderBytes = 16 * 1024;
/** An SDP is a few hundred bytes; a body this large is not one. */
const maxBodyBytes = 64 * 1024;
const headerEnd = Buffer.from('\r\n\r\n');

/** The first value of a header, if sent. */
export function headerValue(headers: RtspHeaders, name: string): string | undefined {
  return headers.get(name.toLowerCase())?.[0];
}

/**
 * Splits an RTSP connection's bytes into responses, requests and interleaved RTP/RTCP packets, as
 * they arrive in chunks of any size. Anything else throws an RtspProtocolError: bounded, so a
 * broken or hostile device cannot make us buffer without end.
 */
export class RtspStreamReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Everything complete so far, in order; the rest waits for more bytes. */
  push(chunk: Buffer): RtspStreamItem[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const items: RtspStreamItem[] = [];
    for (;;) {
      const item = this.next();
      if (!item) return items;
      items.push(item);
    }
  }

  private next(): RtspStreamItem | undefined {
    const buffer = this.pending;
    if (buffer.length === 0) return undefined;
    if (buffer[0] === 0x24) {
      if (buffer.length < 4) return undefined;
      const size = buffer.readUInt16BE(2);
      if (buffer.length < 4 + size) return undefined;
      this.pending = buffer.subarray(4 + size);
      return { kind: 'interleaved', channel: buffer[1]!, data: buffer.subarray(4, 4 + size) };
    }
    const end = buffer.indexOf(headerEnd);
    if (end > maxHeaderBytes || (end < 0 && buffer.length > maxHeaderBytes)) throw new RtspProtocolError(`an RTSP header block longer than ${maxHeaderBytes} bytes`);
    if (end < 0) {
      if (!looksLikeRtspStart(buffer)) throw new RtspProtocolError(`not RTSP: ${printable(buffer)}`);
      return undefined;
    }
    const [startLine = '', ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
    const headers = parseHeaders(lines);
    const lengthText = headerValue(headers, 'content-length') ?? '0';
    const length = /^\d{1,9}$/.test(lengthText) ? Number(lengthText) : Number.NaN;
    if (!(length <= maxBodyBytes)) throw new RtspProtocolError(`an RTSP body of ${headerValue(headers, 'content-length')} bytes`);
    const bodyStart = end + headerEnd.length;
    if (buffer.length < bodyStart + length) return undefined;
    this.pending = buffer.subarray(bodyStart + length);
    const body = Buffer.from(buffer.subarray(bodyStart, bodyStart + length));
    const response = /^RTSP\/1\.\d (\d{3})(?: (.*))?$/.exec(startLine);
    if (response) return { kind: 'response', status: Number(response[1]), reason: response[2] ?? '', headers, body };
    const request = /^([A-Z_]+) \S+ RTSP\/1\.\d$/.exec(startLine);
    if (request) return { kind: 'request', method: request[1]!, headers };
    throw new RtspProtocolError(`not RTSP: ${printable(buffer)}`);
  }
}

function parseHeaders(lines: string[]): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new RtspProtocolError(`a malformed RTSP header line: ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}

/** Whether the bytes so far can begin an RTSP message (before its end has arrived). */
function looksLikeRtspStart(buffer: Buffer): boolean {
  const start = buffer.subarray(0, 8).toString('latin1');
  return /^[A-Z_/]*$/.test(start.replace(/[\d.\s]/g, '')) && start.length > 0;
}

function printable(buffer: Buffer): string {
  return JSON.stringify(buffer.subarray(0, 40).toString('latin1'));
}
