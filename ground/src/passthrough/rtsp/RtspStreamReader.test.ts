import { describe, expect, it } from 'vitest';
import { headerValue, RtspProtocolError, RtspStreamReader, type RtspStreamItem } from './RtspStreamReader.ts';

const sdp = 'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=cam\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n';
const optionsResponse = 'RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n';
const describeResponse = `RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Base: rtsp://cam/live/\r\nContent-Length: ${sdp.length}\r\n\r\n${sdp}`;

function interleaved(channel: number, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0x24;
  head[1] = channel;
  head.writeUInt16BE(data.length, 2);
  return Buffer.concat([head, data]);
}

const rtp = Buffer.from([0x80, 0x60, 0x00, 0x01, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78, 0x65, 0x88, 0x84]);
const rtcp = Buffer.from([0x80, 0xc8, 0x00, 0x06, 1, 2, 3, 4]);
/** Two responses with media packets between and after them, as a camera sends once PLAYing. */
const stream = Buffer.concat([
  Buffer.from(optionsResponse),
  interleaved(0, rtp),
  Buffer.from(describeResponse),
  interleaved(1, rtcp),
  interleaved(0, Buffer.alloc(0)),
  interleaved(2, Buffer.alloc(300, 7)),
]);

/** The items as plain data (Buffers as hex), for comparing reads of the same bytes in different chunks. */
function plain(items: RtspStreamItem[]): unknown[] {
  return items.map((item) => {
    if (item.kind === 'interleaved') return { ...item, data: item.data.toString('hex') };
    if (item.kind === 'response') return { ...item, headers: [...item.headers], body: item.body.toString('hex') };
    return { ...item, headers: [...item.headers] };
  });
}

function readInChunks(bytes: Buffer, sizes: (index: number) => number): RtspStreamItem[] {
  const reader = new RtspStreamReader();
  const items: RtspStreamItem[] = [];
  for (let offset = 0, index = 0; offset < bytes.length; index++) {
    const size = Math.max(1, sizes(index));
    // A copy, as a socket gives each chunk in its own buffer.
    items.push(...reader.push(Buffer.from(bytes.subarray(offset, offset + size))));
    offset += size;
  }
  return items;
}

function readAll(text: string | Buffer): RtspStreamItem[] {
  return new RtspStreamReader().push(Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'));
}

describe('RtspStreamReader', () => {
  it('reads a response without a body, its status, reason and headers', () => {
    const [item, ...rest] = readAll(optionsResponse);
    expect(rest).toEqual([]);
    if (item?.kind !== 'response') throw new Error(`expected a response, got ${item?.kind}`);
    expect(item.status).toBe(200);
    expect(item.reason).toBe('OK');
    expect(headerValue(item.headers, 'CSeq')).toBe('1');
    expect(headerValue(item.headers, 'public')).toBe('OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN');
    expect(item.body.length).toBe(0);
  });

  it('reads a response body of Content-Length bytes, and nothing past it', () => {
    const reader = new RtspStreamReader();
    const items = reader.push(Buffer.from(describeResponse + 'RTSP/1.0 200 OK\r\nCSeq: 3'));
    expect(items).toHaveLength(1);
    const [item] = items;
    if (item?.kind !== 'response') throw new Error('expected a response');
    expect(item.body.toString('latin1')).toBe(sdp);
    expect(headerValue(item.headers, 'content-base')).toBe('rtsp://cam/live/');
    const [next] = reader.push(Buffer.from('\r\n\r\n'));
    expect(next).toMatchObject({ kind: 'response', status: 200 });
    expect(headerValue((next as { headers: ReadonlyMap<string, readonly string[]> }).headers, 'cseq')).toBe('3');
  });

  it('waits for the whole body before giving the response', () => {
    const reader = new RtspStreamReader();
    const bytes = Buffer.from(describeResponse);
    expect(reader.push(bytes.subarray(0, bytes.length - 1))).toEqual([]);
    expect(reader.push(bytes.subarray(bytes.length - 1))).toMatchObject([{ kind: 'response', status: 200 }]);
  });

  it('reads a status line without a reason, and other statuses', () => {
    expect(readAll('RTSP/1.0 454\r\nCSeq: 4\r\n\r\n')).toMatchObject([{ kind: 'response', status: 454, reason: '' }]);
    expect(readAll('RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n\r\n')).toMatchObject([{ kind: 'response', status: 401, reason: 'Unauthorized' }]);
  });

  it('reads interleaved packets between responses with their channel and data, in order', () => {
    const items = readAll(stream);
    expect(items.map((item) => item.kind)).toEqual(['response', 'interleaved', 'response', 'interleaved', 'interleaved', 'interleaved']);
    expect(items[1]).toEqual({ kind: 'interleaved', channel: 0, data: rtp });
    expect(items[3]).toEqual({ kind: 'interleaved', channel: 1, data: rtcp });
    expect(items[4]).toEqual({ kind: 'interleaved', channel: 0, data: Buffer.alloc(0) });
    expect(items[5]).toEqual({ kind: 'interleaved', channel: 2, data: Buffer.alloc(300, 7) });
  });

  it('reads the same items whether the bytes come at once, one by one, or split anywhere', () => {
    const whole = plain(readAll(stream));
    expect(plain(readInChunks(stream, () => 1))).toEqual(whole);
    for (const sizes of [[2, 3, 5, 7, 11, 13], [17, 1, 40, 3], [100, 4, 1, 1, 250], [64]]) {
      expect(plain(readInChunks(stream, (index) => sizes[index % sizes.length]!))).toEqual(whole);
    }
  });

  it('reads the same items when split in two at every byte boundary', () => {
    const whole = plain(readAll(stream));
    for (let cut = 1; cut < stream.length; cut++) {
      const reader = new RtspStreamReader();
      const items = [...reader.push(Buffer.from(stream.subarray(0, cut))), ...reader.push(Buffer.from(stream.subarray(cut)))];
      expect(plain(items), `cut at ${cut}`).toEqual(whole);
    }
  });

  it('keeps every value of a repeated header, in order, under its lower-case name', () => {
    const [item] = readAll('RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Digest realm="cam", nonce="abc"\r\nwww-authenticate: Basic realm="cam"\r\n\r\n');
    if (item?.kind !== 'response') throw new Error('expected a response');
    expect(item.headers.get('www-authenticate')).toEqual(['Digest realm="cam", nonce="abc"', 'Basic realm="cam"']);
    expect(item.headers.has('WWW-Authenticate')).toBe(false);
    expect(headerValue(item.headers, 'WWW-Authenticate')).toBe('Digest realm="cam", nonce="abc"');
  });

  it('trims header names and values, and keeps colons inside values', () => {
    const [item] = readAll('RTSP/1.0 200 OK\r\nCSeq :  5 \r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\nContent-Base: rtsp://10.0.0.2:554/live/\r\n\r\n');
    if (item?.kind !== 'response') throw new Error('expected a response');
    expect(headerValue(item.headers, 'cseq')).toBe('5');
    expect(headerValue(item.headers, 'content-base')).toBe('rtsp://10.0.0.2:554/live/');
  });

  it('reads a request from the camera as a request, skipping its body', () => {
    const body = 'x-param: 1\r\n';
    const items = readAll(`SET_PARAMETER rtsp://x RTSP/1.0\r\nCSeq: 9\r\nContent-Length: ${body.length}\r\n\r\n${body}${optionsResponse}`);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ kind: 'request', method: 'SET_PARAMETER' });
    expect(headerValue((items[0] as { headers: ReadonlyMap<string, readonly string[]> }).headers, 'cseq')).toBe('9');
    expect(items[1]).toMatchObject({ kind: 'response', status: 200 });
  });

  it('gives nothing for no bytes', () => {
    expect(new RtspStreamReader().push(Buffer.alloc(0))).toEqual([]);
  });
});

describe('RtspStreamReader errors', () => {
  it('throws on binary bytes at once, before any header end', () => {
    expect(() => readAll(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xa5]))).toThrow(RtspProtocolError);
    expect(() => readAll(Buffer.from([0x80, 0x60, 0x00, 0x01]))).toThrow(RtspProtocolError);
  });

  it('throws on lower-case text that cannot start an RTSP message', () => {
    expect(() => readAll('hello')).toThrow(RtspProtocolError);
  });

  it('throws on an HTTP response or request once its header block ends', () => {
    expect(() => readAll('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')).toThrow(/not RTSP/);
    expect(() => readAll('GET / HTTP/1.1\r\nHost: cam\r\n\r\n')).toThrow(RtspProtocolError);
  });

  it('throws on garbage after a packet, even when it comes in a later chunk', () => {
    const reader = new RtspStreamReader();
    expect(reader.push(interleaved(0, rtp))).toHaveLength(1);
    expect(() => reader.push(Buffer.from([0x00, 0xff]))).toThrow(RtspProtocolError);
  });

  it('throws on a header block longer than 16 KB with no end', () => {
    const reader = new RtspStreamReader();
    reader.push(Buffer.from('RTSP/1.0 200 OK\r\nCSeq: 1\r\n'));
    const line = Buffer.from(`X-Padding: ${'a'.repeat(1000)}\r\n`);
    expect(() => {
      for (let i = 0; i < 17; i++) reader.push(line);
    }).toThrow(/header block longer than 16384 bytes/);
  });

  it('accepts a header block just under 16 KB in pieces', () => {
    const reader = new RtspStreamReader();
    const head = 'RTSP/1.0 200 OK\r\nCSeq: 1\r\n';
    const padding = `X-Padding: ${'a'.repeat(16 * 1024 - head.length - 'X-Padding: '.length - 4)}\r\n`;
    expect(reader.push(Buffer.from(head + padding))).toEqual([]);
    expect(reader.push(Buffer.from('\r\n'))).toMatchObject([{ kind: 'response', status: 200 }]);
  });

  it('throws on a Content-Length over 64 KB, without waiting for the body', () => {
    expect(() => readAll(`RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: ${64 * 1024 + 1}\r\n\r\n`)).toThrow(/RTSP body of 65537 bytes/);
  });

  it('accepts a body of exactly 64 KB', () => {
    const body = Buffer.alloc(64 * 1024, 0x61);
    const [item] = readAll(Buffer.concat([Buffer.from(`RTSP/1.0 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body]));
    if (item?.kind !== 'response') throw new Error('expected a response');
    expect(item.body.equals(body)).toBe(true);
  });

  it('throws on a header block longer than 16 KB even when it comes whole, with its end', () => {
    expect(() => readAll(`RTSP/1.0 200 OK\r\nCSeq: 1\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`)).toThrow(/header block longer than 16384 bytes/);
  });

  it.each(['-1', 'abc', '12abc', '1.5', '0x10', '1e1', '+4', ''])('throws on a Content-Length of "%s" (digits only, RFC 2326)', (length) => {
    expect(() => readAll(`RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Length: ${length}\r\n\r\n`)).toThrow(RtspProtocolError);
  });

  it.each(['No colon here', ': no name'])('throws on the malformed header line "%s"', (line) => {
    expect(() => readAll(`RTSP/1.0 200 OK\r\nCSeq: 2\r\n${line}\r\n\r\n`)).toThrow(/malformed RTSP header line/);
  });
});

describe('headerValue', () => {
  const headers = new Map([
    ['cseq', ['7']],
    ['www-authenticate', ['Digest realm="a"', 'Basic realm="a"']],
  ]);

  it('gives the first value, whatever the case of the name asked for', () => {
    expect(headerValue(headers, 'WWW-Authenticate')).toBe('Digest realm="a"');
    expect(headerValue(headers, 'CSeq')).toBe('7');
  });

  it('gives undefined for a header not sent', () => {
    expect(headerValue(headers, 'Session')).toBeUndefined();
  });
});
