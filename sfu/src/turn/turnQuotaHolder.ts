import type { TokenClaims } from '@dronecast/protocol';

/**
 * Who a TURN allocation counts against. coturn counts --user-quota by the part of the REST
 * username after the expiry (measured: two credentials of one name with different expiries share
 * the quota), so that part names the person: opening more sockets gives no more relays.
 * A shared start-up link (its subject is its role) is held by everyone it was sent to, so there
 * the phone's address stands in for the person.
 */
export function turnQuotaHolder(claims: Pick<TokenClaims, 'drone' | 'role' | 'sub'>, address: string): string {
  const person = claims.sub === claims.role ? `${claims.sub}@${address.replace(/[^0-9A-Za-z.]/g, '-')}` : claims.sub;
  return `${claims.drone}.${person}`;
}
