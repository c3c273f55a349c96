import { ProtocolError, errorBodySchema } from './errors.ts';
import type { RequestName, RequestPayload, Response } from './events.ts';

/** The part of a socket.io client socket that requests need (keeps protocol free of socket.io). */
export interface AckSocket {
  timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
}

/**
 * Sends one request and resolves with its data, or throws the server's ProtocolError
 * (or UNAVAILABLE when no answer comes in time).
 */
export async function request<E extends RequestName>(
  socket: AckSocket,
  event: E,
  payload: RequestPayload<E>,
  timeoutMs = 10_000,
): Promise<Response<E>> {
  let reply: unknown;
  try {
    reply = await socket.timeout(timeoutMs).emitWithAck(event, payload);
  } catch {
    throw new ProtocolError('UNAVAILABLE', `${event}: no answer from the server within ${timeoutMs} ms`);
  }
  if (typeof reply === 'object' && reply !== null && 'ok' in reply) {
    if (reply.ok === true && 'data' in reply) return reply.data as Response<E>;
    const error = errorBodySchema.safeParse((reply as { error?: unknown }).error);
    if (error.success) throw new ProtocolError(error.data.code, error.data.message);
  }
  throw new ProtocolError('INTERNAL', `${event}: malformed reply from the server`);
}
