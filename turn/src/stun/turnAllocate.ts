import {
  attributeText,
  errorCodeOf,
  lifetimeAttribute,
  longTermKey,
  newStunMessage,
  stunAttribute,
  stunClass,
  stunMethod,
  textAttribute,
  udpTransportAttribute,
  xorAddressAttribute,
  xorAddressOf,
  type StunAttribute,
} from './stunMessage.ts';
import { StunUdpClient } from './StunUdpClient.ts';

/** What coturn answered a request: done, or its error code and reason (403: forbidden peer). */
export type TurnAnswer = { ok: true } | { ok: false; code: number; reason: string };

export type AllocateOutcome =
  | {
      ok: true;
      relayed: { address: string; port: number };
      /** Asks to relay to a peer, as ICE does before it sends to the SFU through the relay. */
      permit(peer: string): Promise<TurnAnswer>;
      release(): Promise<void>;
    }
  | { ok: false; code: number; reason: string };

/**
 * A TURN Allocate with a long-term credential, the way a browser does it: the first request
 * without credentials draws 401 with the realm and a nonce, the second is signed with the
 * credential. Tells what coturn said: a relayed address, or the error code (401 = refused).
 */
export async function turnAllocate(client: StunUdpClient, username: string, password: string): Promise<AllocateOutcome> {
  const challenge = await client.request(newStunMessage(stunMethod.allocate, [udpTransportAttribute()]));
  const first = errorCodeOf(challenge);
  const realm = attributeText(challenge, stunAttribute.realm);
  const nonce = attributeText(challenge, stunAttribute.nonce);
  if (first?.code !== 401 || realm === undefined || nonce === undefined) {
    throw new Error(`expected a 401 challenge with realm and nonce, got type 0x${challenge.type.toString(16)} ${first?.code ?? ''}`);
  }
  const key = longTermKey(username, realm, password);
  const signed = (method: number, extra: StunAttribute[]) =>
    newStunMessage(method, [...extra, textAttribute(stunAttribute.username, username), textAttribute(stunAttribute.realm, realm), textAttribute(stunAttribute.nonce, nonce)]);
  const answer = await client.request(signed(stunMethod.allocate, [udpTransportAttribute()]), { integrityKey: key });
  if ((answer.type & 0x110) === stunClass.error) {
    const error = errorCodeOf(answer) ?? { code: 0, reason: 'no ERROR-CODE' };
    return { ok: false, ...error };
  }
  const relayed = xorAddressOf(answer, stunAttribute.xorRelayedAddress);
  if (!relayed) throw new Error('Allocate succeeded without a relayed address');
  return {
    ok: true,
    relayed,
    permit: async (peer) => {
      const answer = await client.request(signed(stunMethod.createPermission, [xorAddressAttribute(stunAttribute.xorPeerAddress, peer, 0)]), { integrityKey: key });
      if ((answer.type & 0x110) !== stunClass.error) return { ok: true };
      return { ok: false, ...(errorCodeOf(answer) ?? { code: 0, reason: 'no ERROR-CODE' }) };
    },
    // Lifetime 0 frees the allocation at once instead of after its 10 minutes.
    release: async () => void (await client.request(signed(stunMethod.refresh, [lifetimeAttribute(0)]), { integrityKey: key })),
  };
}

/**
 * One Allocate from a fresh UDP socket, released and closed again: TURN keys allocations by the
 * client's address and port, so each attempt needs its own socket (a reused one draws 437).
 */
export async function tryTurnAllocate(
  host: string,
  port: number,
  username: string,
  password: string,
  /** Peers to ask permission for on the allocation before it is released. */
  peers: string[] = [],
): Promise<AllocateOutcome & { permissions?: Record<string, TurnAnswer> }> {
  const client = await StunUdpClient.open(host, port);
  try {
    const outcome = await turnAllocate(client, username, password);
    if (!outcome.ok) return outcome;
    const permissions: Record<string, TurnAnswer> = {};
    for (const peer of peers) permissions[peer] = await outcome.permit(peer);
    await outcome.release();
    return { ...outcome, permissions };
  } finally {
    client.close();
  }
}
