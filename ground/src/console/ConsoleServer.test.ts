import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, UsageError } from '@dronecast/runtime';
import { ConsoleServer, type ConsoleServerOptions } from './ConsoleServer.ts';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** http.request, not fetch: fetch will not send a Host header of our choosing. */
function get(port: number, urlPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, method, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A websocket-style upgrade: resolves with the upgraded socket, or the HTTP answer when refused. */
function upgrade(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<{ socket: Duplex } | Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: urlPath,
      headers: { Host: `127.0.0.1:${port}`, Connection: 'Upgrade', Upgrade: 'websocket', ...headers },
    });
    req.on('upgrade', (_res, socket) => resolve({ socket }));
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Stands in for the SFU: says what it was asked, and echoes upgraded bytes. */
async function startFakeSfu(): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ url: req.url, host: req.headers.host, method: req.method }));
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => {
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Path: ${req.url}\r\n\r\n`);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let webappDir: string;
let sfu: { server: http.Server; url: string };
const running: ConsoleServer[] = [];

async function startConsole(options: Partial<ConsoleServerOptions> = {}): Promise<ConsoleServer> {
  const server = new ConsoleServer({ port: 0, sfuUrl: sfu.url, ca: undefined, token: 'console-token-1234', webappDir, logger: createLogger('console-test'), ...options });
  running.push(server);
  await server.start();
  return server;
}

beforeAll(async () => {
  webappDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dronecast-console-'));
  await fs.mkdir(path.join(webappDir, 'assets'));
  await fs.writeFile(path.join(webappDir, 'ground.html'), '<!doctype html><title>console page</title>');
  await fs.writeFile(path.join(webappDir, 'assets', 'ground-1.js'), 'console.log(1)');
  sfu = await startFakeSfu();
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});

afterAll(async () => {
  sfu.server.closeAllConnections();
  await new Promise((resolve) => sfu.server.close(resolve));
  await fs.rm(webappDir, { recursive: true, force: true });
});

describe('the ground console server', () => {
  it('serves the console page at /ground, / leading there, its assets, and the token', async () => {
    const { port, url } = await startConsole();
    expect(url).toBe(`http://127.0.0.1:${port}/ground`);
    const root = await get(port, '/');
    expect(root.status).toBe(302);
    expect(root.headers.location).toBe('/ground');
    const page = await get(port, '/ground');
    expect(page).toMatchObject({ status: 200, body: '<!doctype html><title>console page</title>' });
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await get(port, '/ground', { Host: `localhost:${port}` })).status).toBe(200);
    const script = await get(port, '/assets/ground-1.js');
    expect(script).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(script.headers['content-type']).toMatch(/text\/javascript/);
    const session = await get(port, '/console/session');
    expect(session.status).toBe(200);
    expect(session.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(session.body)).toEqual({ token: 'console-token-1234' });
  });

  it('answers nothing outside the web app, and only reads', async () => {
    const { port } = await startConsole();
    expect((await get(port, '/assets/../../../etc/passwd')).status).toBe(404);
    expect((await get(port, '/%2e%2e/%2e%2e/etc/hostname.txt')).status).toBe(404);
    expect((await get(port, '/nothing.js')).body).toMatch(/Nothing at \/nothing\.js\. The ground console is at \/ground/);
    const post = await get(port, '/ground', { Origin: `http://127.0.0.1:${port}` }, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('refuses a Host that is not loopback (DNS rebinding) and pages of other origins, with the reason', async () => {
    const { port } = await startConsole();
    const rebound = await get(port, '/console/session', { Host: `attacker.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatch(/only answers requests addressed to 127\.0\.0\.1:\d+ or localhost:\d+, not "attacker\.example:\d+"/);
    expect(rebound.body).not.toMatch(/console-token-1234/);
    expect((await get(port, '/socket.io/?EIO=4&transport=polling', { Host: `attacker.example:${port}` })).status).toBe(403);
    const foreign = await get(port, '/console/session', { Origin: 'https://attacker.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatch(/refuses requests from other pages/);
    const ws = await upgrade(port, '/socket.io/?EIO=4&transport=websocket', { Origin: 'https://attacker.example' });
    expect(ws).toMatchObject({ status: 403 });
    expect((ws as Answer).body).toMatch(/other pages/);
  });

  it('passes signaling, MQTT and gallery requests to the SFU, websockets included', async () => {
    const { port } = await startConsole();
    const gallery = await get(port, '/gallery/abc/file?token=t');
    expect(gallery.status).toBe(200);
    // The SFU sees its own name in Host (its certificate's), not the console's.
    expect(JSON.parse(gallery.body)).toEqual({ url: '/gallery/abc/file?token=t', host: new URL(sfu.url).host, method: 'GET' });
    expect(JSON.parse((await get(port, '/socket.io/?EIO=4&transport=polling')).body)).toMatchObject({ url: '/socket.io/?EIO=4&transport=polling' });
    for (const urlPath of ['/socket.io/?EIO=4&transport=websocket', '/mqtt']) {
      const result = await upgrade(port, urlPath, { Origin: `http://127.0.0.1:${port}` });
      if (!('socket' in result)) throw new Error(`upgrade of ${urlPath} refused: ${result.status} ${result.body}`);
      const echoed = new Promise<string>((resolve) => result.socket.once('data', (data: Buffer) => resolve(data.toString())));
      result.socket.write('ping');
      await expect(echoed).resolves.toBe('ping');
      result.socket.destroy();
    }
    expect(await upgrade(port, '/elsewhere')).toMatchObject({ status: 404 });
  });

  it('answers 502 with a readable reason when the SFU is down, and keeps serving', async () => {
    const sfuUrl = `https://127.0.0.1:${await closedPort()}`;
    const { port } = await startConsole({ sfuUrl });
    const polling = await get(port, '/socket.io/?EIO=4&transport=polling');
    expect(polling.status).toBe(502);
    expect(polling.body).toBe(`Cannot reach the dronecast server (SFU) at ${sfuUrl}: connection refused. Is it running? The console reconnects by itself once it is back.`);
    const ws = await upgrade(port, '/socket.io/?EIO=4&transport=websocket');
    expect(ws).toMatchObject({ status: 502 });
    expect((ws as Answer).body).toMatch(/connection refused/);
    expect((await get(port, '/ground')).status).toBe(200);
  });

  it('without a console token, serves a page saying so', async () => {
    const { port } = await startConsole({ token: undefined });
    const page = await get(port, '/ground');
    expect(page.status).toBe(503);
    expect(page.body).toMatch(/Ground console: no access token[\s\S]*DRONECAST_CONSOLE_TOKEN/);
    const session = await get(port, '/console/session');
    expect(session.status).toBe(503);
    expect(JSON.parse(session.body).error).toMatch(/no console token/);
  });

  it('says when the web app is not built', async () => {
    const { port } = await startConsole({ webappDir: path.join(webappDir, 'missing') });
    const page = await get(port, '/ground');
    expect(page.status).toBe(503);
    expect(page.body).toMatch(/the web app is not built[\s\S]*npm run build -w webapp/);
  });

  it('a port in use is a usage error that names the flag', async () => {
    const first = await startConsole();
    const second = new ConsoleServer({ port: first.port, sfuUrl: sfu.url, ca: undefined, token: undefined, webappDir, logger: createLogger('console-test') });
    const failure = await second.start().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as Error).message).toMatch(/cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\): pick another --console-port/);
  });
});
