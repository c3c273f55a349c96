import { readFile } from 'node:fs/promises';
import { createServer, get, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureCerts } from './ensureCerts.ts';
import { useTempDirs } from './testDir.ts';

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function fetchBody(port: number, ca: Buffer | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get({ host: '127.0.0.1', port, path: '/', servername: 'localhost', ca, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
  });
}

describe('TLS handshake with the generated certificates', () => {
  const tempDir = useTempDirs();
  let server: Server | undefined;

  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it('succeeds when the client trusts the CA and fails when it does not', async () => {
    const paths = await ensureCerts({ dir: await tempDir() });
    const [key, cert, ca] = await Promise.all([readFile(paths.keyPath), readFile(paths.certPath), readFile(paths.caCertPath)]);
    server = createServer({ key, cert }, (_request, response) => response.end('hello drone'));
    const port = await listen(server);

    await expect(fetchBody(port, ca)).resolves.toBe('hello drone');
    await expect(fetchBody(port, undefined)).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });
});
