import { createHash } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RtspConnection } from './RtspConnection.ts';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/**
 * A camera's authentication, scripted: GStreamer's server here never expires a nonce, and real
 * cameras (Hikvision, Dahua) do, answering 401 with stale=true and a new nonce mid-session.
 */
async function nonceRotatingCamera(): Promise<{ port: number; seen: string[]; rotate: () => void }> {
  let nonce = 'first';
  const seen: string[] = [];
  const server = net.createServer((socket) => {
    let pending = '';
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
        const [start = '', ...lines] = pending.slice(0, end).split('\r\n');
        pending = pending.slice(end + 4);
        const header = (name: string) => lines.find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
        const [method = '', uri = ''] = start.split(' ');
        const response = /response="([0-9a-f]+)"/.exec(header('authorization') ?? '')?.[1];
        const expected = md5(`${md5('pilot:cam:s3cret')}:${nonce}:${md5(`${method}:${uri}`)}`);
        const ok = response === expected;
        seen.push(`${method} ${ok ? 'accepted' : response ? 'refused' : 'challenged'}`);
        const status = ok ? '200 OK' : '401 Unauthorized';
        const challenge = ok ? '' : `WWW-Authenticate: Digest realm="cam", nonce="${nonce}"${response ? ', stale=true' : ''}\r\n`;
        socket.write(`RTSP/1.0 ${status}\r\nCSeq: ${header('cseq')}\r\n${challenge}\r\n`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => server.close());
  return { port: (server.address() as net.AddressInfo).port, seen, rotate: () => (nonce = 'second') };
}

describe('RtspConnection', () => {
  it('answers a Digest challenge, and again when the camera expires its nonce mid-session', async () => {
    const camera = await nonceRotatingCamera();
    const connection = await RtspConnection.open({ host: '127.0.0.1', port: camera.port, credentials: { username: 'pilot', password: 's3cret' } });
    cleanups.push(() => connection.close());
    const url = `rtsp://127.0.0.1:${camera.port}/live`;
    expect((await connection.request('OPTIONS', url)).status).toBe(200);
    expect((await connection.request('OPTIONS', url)).status).toBe(200);
    camera.rotate();
    expect((await connection.request('OPTIONS', url)).status).toBe(200);
    expect(camera.seen).toEqual(['OPTIONS challenged', 'OPTIONS accepted', 'OPTIONS accepted', 'OPTIONS refused', 'OPTIONS accepted']);
  });

  it('gives up after one answer to the same request, naming the refusal', async () => {
    const camera = await nonceRotatingCamera();
    const connection = await RtspConnection.open({ host: '127.0.0.1', port: camera.port, credentials: { username: 'pilot', password: 'guess' } });
    cleanups.push(() => connection.close());
    await expect(connection.request('DESCRIBE', `rtsp://127.0.0.1:${camera.port}/live`)).rejects.toThrow('the camera refused the user and password in the URL (401)');
    expect(camera.seen).toEqual(['DESCRIBE challenged', 'DESCRIBE refused']);
  });
});
