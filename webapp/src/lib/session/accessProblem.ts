import { accessTokenRefusals } from '@dronecast/protocol';
import type { SessionStatus } from './SessionTypes.ts';

/**
 * - `no-token`: the page was opened without a link and none is remembered.
 * - `expired`: the link's time ran out, or the server did not sign it: forged, from another
 *   server, or from before this server's secret changed (what "expired" means for those links).
 * - `revoked`: the ground station took this link's access back.
 * - `damaged`: the key in the link is cut off or garbled (a bad copy).
 * - `refused`: any other refusal; the server's own words are shown.
 */
export type AccessProblemKind = 'no-token' | 'expired' | 'revoked' | 'damaged' | 'refused';

export interface AccessProblem {
  kind: AccessProblemKind;
  title: string;
  /** What happened, in plain words. */
  explanation: string;
  /** What to do about it. */
  remedy: string;
  /** A remembered link exists that the user may want gone (every case but no-token). */
  canForget: boolean;
  /** Worth trying again as is (only when the reason is unknown). */
  canRetry: boolean;
}

const newLink = 'Scan the QR code printed by the ground station again, or ask the pilot for a new link.';

/** The full-screen explanation for a page that can't get in, or null when the token is not the problem. */
export function accessProblem(status: Pick<SessionStatus, 'connection' | 'error'>): AccessProblem | null {
  if (status.connection === 'no-token') {
    return {
      kind: 'no-token',
      title: 'This page needs an access link',
      explanation: 'It was opened without the link that lets this phone in, and none is remembered on this phone.',
      remedy: 'Scan the QR code printed by the ground station, or ask the pilot for a link.',
      canForget: false,
      canRetry: false,
    };
  }
  if (status.connection !== 'refused') return null;
  const reason = status.error ?? '';
  if (reason === accessTokenRefusals.revoked) {
    return {
      kind: 'revoked',
      title: 'This link was revoked',
      explanation: "The ground station took this phone's access back: the link no longer opens the drone's video.",
      remedy: 'Ask the pilot or the ground station for a new link.',
      canForget: true,
      canRetry: false,
    };
  }
  if (reason === accessTokenRefusals.expired) {
    return {
      kind: 'expired',
      title: 'This link has expired',
      explanation: 'Its time ran out: the ground station gave it a limited lifetime.',
      remedy: 'Ask the pilot or the ground station for a new link.',
      canForget: true,
      canRetry: false,
    };
  }
  if (reason === accessTokenRefusals.notIssuedHere) {
    return {
      kind: 'expired',
      title: 'This link has expired',
      explanation:
        "The ground station doesn't accept it any more: it was made by another ground station, or before this one got a new key, or it was changed.",
      remedy: newLink,
      canForget: true,
      canRetry: false,
    };
  }
  if (reason === accessTokenRefusals.malformed || reason === accessTokenRefusals.missing || reason === accessTokenRefusals.unknownClaims) {
    return {
      kind: 'damaged',
      title: 'This link is damaged',
      explanation: 'The access key in it is incomplete or garbled; part of the link was probably lost when it was copied.',
      remedy: newLink,
      canForget: true,
      canRetry: false,
    };
  }
  return {
    kind: 'refused',
    title: 'The ground station refused this phone',
    explanation: `It said: ${reason || 'no reason given'}.`,
    remedy: `Try again; if it keeps refusing: ${newLink.charAt(0).toLowerCase()}${newLink.slice(1)}`,
    canForget: true,
    canRetry: true,
  };
}
