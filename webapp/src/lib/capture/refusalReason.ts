import { ProtocolError } from '@dronecast/protocol';

/** The reason a request failed, in the server's own words where it gave one. */
export function refusalReason(error: unknown): string {
  if (error instanceof ProtocolError || error instanceof Error) return error.message || 'no reason given';
  return String(error);
}
