import { describe, expect, it } from 'vitest';
import { ProtocolError, fail, ok } from './errors.ts';
import { notificationSchemas, requestSchemas } from './events.ts';
import { clientMessageSchemas, typedClientSocket, typedServerSocket, type EventSocket } from './typedSocket.ts';

type Listener = (...args: unknown[]) => void;

/** An in-memory socket: records what is sent, delivers what the test says arrived, answers acks with `answer`. */
class FakeSocket implements EventSocket {
  readonly sent: { event: string; args: unknown[]; timeoutMs?: number }[] = [];
  readonly listeners = new Map<string, Set<Listener>>();
  answer: (event: string, payload: unknown) => Promise<unknown> = () => Promise.resolve(ok({}));

  emit(event: string, ...args: unknown[]): void {
    this.sent.push({ event, args });
  }

  on(event: string, listener: Listener): void {
    this.listeners.set(event, (this.listeners.get(event) ?? new Set()).add(listener));
  }

  off(event: string, listener: Listener): void {
    this.listeners.get(event)?.delete(listener);
  }

  timeout(timeoutMs: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> } {
    return {
      emitWithAck: (event, ...args) => {
        this.sent.push({ event, args, timeoutMs });
        return this.answer(event, args[0]);
      },
    };
  }

  arrive(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

const welcome = {
  peerId: 'p1',
  role: 'viewer',
  droneId: 'drone1',
  serverTime: 1,
  transports: { websocket: { available: true }, mqtt: { available: true, url: null } },
};

describe('a typed client socket', () => {
  it('hands listeners the parsed payload, with the contract defaults filled in', () => {
    const raw = new FakeSocket();
    const seen: unknown[] = [];
    typedClientSocket(raw).on('session:welcome', (payload) => seen.push(payload), (message) => seen.push(message));
    raw.arrive('session:welcome', welcome);
    expect(seen).toEqual([{ ...welcome, mapTiles: null }]);
  });

  it('drops a payload that breaks the contract and says why', () => {
    const raw = new FakeSocket();
    const seen: unknown[] = [];
    const problems: string[] = [];
    typedClientSocket(raw).on('drone:agent', (payload) => seen.push(payload), (message) => problems.push(message));
    raw.arrive('drone:agent', { online: 'yes' });
    raw.arrive('drone:agent');
    expect(seen).toEqual([]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^drone:agent: online: /);
  });

  it("passes the sender's acknowledgement to the listener, and to onInvalid so a request can be refused", () => {
    const raw = new FakeSocket();
    const replies: unknown[] = [];
    typedClientSocket(raw).on(
      'video:apply',
      (quality, ack) => ack?.({ ok: true, message: `at ${quality.fps} fps` }),
      (message, ack) => ack?.({ ok: false, message }),
    );
    raw.arrive('video:apply', { resolution: '640x480', fps: 15, jpegQuality: 60, maxBitrateKbps: 1500 }, (reply: unknown) => replies.push(reply));
    raw.arrive('video:apply', { fps: 'fast' }, (reply: unknown) => replies.push(reply));
    // An acknowledgement with no payload at all is refused too, not taken for the payload.
    raw.arrive('video:apply', (reply: unknown) => replies.push(reply));
    expect(replies).toEqual([
      { ok: true, message: 'at 15 fps' },
      { ok: false, message: expect.stringMatching(/^video:apply: /) },
      { ok: false, message: expect.stringMatching(/^video:apply: payload: /) },
    ]);
  });

  it('stops listening when asked', () => {
    const raw = new FakeSocket();
    let calls = 0;
    const stop = typedClientSocket(raw).on('drone:agent', () => calls++, () => undefined);
    raw.arrive('drone:agent', { online: true });
    stop();
    raw.arrive('drone:agent', { online: false });
    expect(calls).toBe(1);
    expect(raw.listeners.get('drone:agent')?.size).toBe(0);
  });

  it('emits notifications as they are', () => {
    const raw = new FakeSocket();
    typedClientSocket(raw).emit('control:alive', {});
    expect(raw.sent).toEqual([{ event: 'control:alive', args: [{}] }]);
  });

  it("resolves a request with the server's answer and turns a refusal into its ProtocolError", async () => {
    const raw = new FakeSocket();
    const socket = typedClientSocket(raw);
    raw.answer = (_event, payload) => Promise.resolve(ok({ clientTime: (payload as { clientTime: number }).clientTime, serverTime: 42 }));
    await expect(socket.request('clock:sync', { clientTime: 7 }, 250)).resolves.toEqual({ clientTime: 7, serverTime: 42 });
    expect(raw.sent).toEqual([{ event: 'clock:sync', args: [{ clientTime: 7 }], timeoutMs: 250 }]);

    raw.answer = () => Promise.resolve(fail('FORBIDDEN', 'a viewer cannot fly'));
    const refused = socket.request('control:acquire', {});
    await expect(refused).rejects.toBeInstanceOf(ProtocolError);
    await expect(refused).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'a viewer cannot fly' });
  });

  it('says UNAVAILABLE when no answer comes in time', async () => {
    const raw = new FakeSocket();
    raw.answer = () => Promise.reject(new Error('operation has timed out'));
    await expect(typedClientSocket(raw).request('media:listProducers', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

describe('a typed server socket', () => {
  it('emits server events and returns the raw acknowledgement of a request to the ground agent', async () => {
    const raw = new FakeSocket();
    const socket = typedServerSocket(raw);
    socket.emit('drone:agent', { online: true });
    raw.answer = () => Promise.resolve({ ok: true, message: 'applied' });
    const quality = { resolution: '640x480', fps: 15, jpegQuality: 60, maxBitrateKbps: 1500 };
    await expect(socket.emitWithAck('video:apply', quality, 10_000)).resolves.toEqual({ ok: true, message: 'applied' });
    expect(raw.sent).toEqual([
      { event: 'drone:agent', args: [{ online: true }] },
      { event: 'video:apply', args: [quality], timeoutMs: 10_000 },
    ]);
  });

  it('validates what clients send against every request and notification schema', () => {
    const names = [...Object.keys(requestSchemas), ...Object.keys(notificationSchemas)];
    // No request shares its name with a notification: one name, one schema.
    expect(Object.keys(clientMessageSchemas).sort()).toEqual([...new Set(names)].sort());
    expect(Object.keys(clientMessageSchemas)).toHaveLength(names.length);
    const raw = new FakeSocket();
    const problems: string[] = [];
    typedServerSocket(raw).on('clock:sync', () => undefined, (message) => problems.push(message));
    raw.arrive('clock:sync', { clientTime: 'now' }, () => undefined);
    expect(problems).toEqual([expect.stringMatching(/^clock:sync: clientTime: /)]);
  });
});
