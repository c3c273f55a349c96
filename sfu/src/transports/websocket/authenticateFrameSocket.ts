import type { Socket } from 'socket.io';
import { ProtocolError, type Logger } from '@dronecast/protocol';
import type { TokenClaims, TokenIssuer } from '../../auth/TokenIssuer.ts';

export interface FrameSocketData {
  claims: TokenClaims;
}

/**
 * socket.io middleware for the frames namespace: the same tokens as signaling, checked again
 * because a namespace's middleware runs apart from the main namespace's.
 */
export function authenticateFrameSocket(tokens: TokenIssuer, logger: Logger) {
  return (socket: Socket, next: (error?: Error) => void): void => {
    try {
      (socket.data as FrameSocketData).claims = tokens.verify((socket.handshake.auth as { token?: unknown }).token);
      // Checked once; kept on no socket (the Redis adapter hands other hosts each socket's handshake).
      socket.handshake.auth = {};
      next();
    } catch (error) {
      const refusal = error instanceof ProtocolError ? error : new ProtocolError('UNAUTHENTICATED', 'access refused');
      logger.warn('frames socket refused', { address: socket.handshake.address, reason: refusal.message });
      next(Object.assign(new Error(refusal.message), { data: refusal.toBody() }));
    }
  };
}
