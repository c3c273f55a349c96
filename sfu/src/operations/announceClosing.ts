import type { ServerEventPayload } from '@dronecast/protocol';

interface Broadcaster {
  emit(event: 'session:closing', payload: ServerEventPayload<'session:closing'>): unknown;
}

/** How long clients get to receive the notice before their sockets close (socket.io flushes in well under this). */
export const closingNoticeMs = 300;

/**
 * Tells every connected client the server is going away and whether it should come back, then
 * waits a moment so the notice is on the wire before the sockets close: a phone then says "the
 * server is restarting" instead of a bare "connection lost".
 */
export async function announceClosing(io: Broadcaster, payload: ServerEventPayload<'session:closing'>, waitMs = closingNoticeMs): Promise<void> {
  io.emit('session:closing', payload);
  await new Promise((resolve) => setTimeout(resolve, waitMs));
}

/** What a stop signal means for clients: SIGHUP asks for a restart (a supervisor starts the SFU again); the rest stop it. */
export function closingFor(signal: string): ServerEventPayload<'session:closing'> {
  return signal === 'SIGHUP'
    ? { reason: 'the server is restarting', restartExpected: true }
    : { reason: `the server is stopping (${signal})`, restartExpected: false };
}
