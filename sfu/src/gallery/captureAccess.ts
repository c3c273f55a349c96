import { ProtocolError, type CaptureRequester, type Role } from '@dronecast/protocol';

/** What a client may want with captures: take them, look at them, or delete them. */
export type CaptureAction = 'capture' | 'view' | 'delete';

const allowed: Record<CaptureAction, readonly CaptureRequester['role'][]> = {
  capture: ['pilot', 'console'],
  view: ['pilot', 'viewer', 'console', 'ground'],
  delete: ['pilot', 'console'],
};

const doing: Record<CaptureAction, string> = {
  capture: 'take photos or record',
  view: 'see the gallery',
  delete: 'delete from the gallery',
};

/** Who a client is for captures. */
export function captureRequester(peerId: string, role: Role): CaptureRequester {
  return { peerId, role };
}

/** Throws FORBIDDEN, with the reason, unless this requester may do it. */
export function assertMay(requester: CaptureRequester, action: CaptureAction): void {
  if (!allowed[action].includes(requester.role)) {
    const who = requester.role === 'ground' ? 'the ground agent' : `a ${requester.role}`;
    throw new ProtocolError('FORBIDDEN', `${who} cannot ${doing[action]} (pilots and the console can)`);
  }
}
