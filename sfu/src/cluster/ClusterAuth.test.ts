import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ClusterAuth } from './ClusterAuth.ts';
import { TokenIssuer } from '../auth/TokenIssuer.ts';

describe('ClusterAuth', () => {
  const secret = randomBytes(32);
  const auth = new ClusterAuth(secret);

  it('opens what an SFU with the same secret sealed', () => {
    const message = { droneId: 'drone1', producerId: 'p1', to: { ip: '127.0.0.2', port: 40000 } };
    expect(new ClusterAuth(Buffer.from(secret)).open(auth.seal(message))).toEqual(message);
  });

  it('refuses another secret, a changed body, a stale message and a malformed envelope', () => {
    const sealed = auth.seal({ droneId: 'drone1' });
    expect(new ClusterAuth(randomBytes(32)).open(sealed)).toBeUndefined();
    expect(auth.open({ ...sealed, body: JSON.stringify({ droneId: 'drone2' }) })).toBeUndefined();
    expect(auth.open({ ...sealed, at: sealed.at + 1 })).toBeUndefined();
    expect(auth.open({ ...sealed, nonce: 'another-nonce-of-16+' })).toBeUndefined();
    expect(auth.open(auth.seal({ droneId: 'drone1' }, Date.now() - 60_000))).toBeUndefined();
    expect(auth.open({ body: 'x' })).toBeUndefined();
    expect(auth.open('not an envelope')).toBeUndefined();
  });

  it("signs in its own domain: an access token's signature is no cluster signature", () => {
    const token = new TokenIssuer(secret).issue('viewer', 'drone1');
    const [body = '', sig = ''] = token.split('.');
    expect(auth.open({ body, at: Date.now(), nonce: 'a-nonce-of-16-chars', sig })).toBeUndefined();
  });

  it('opens each envelope once: a replayed pipe request is refused within its freshness window', () => {
    const receiver = new ClusterAuth(Buffer.from(secret));
    const request = auth.seal({ droneId: 'drone1', producerId: 'p1', to: { ip: '127.0.0.2', port: 40000 } });
    expect(receiver.open(request)).toBeDefined();
    expect(receiver.open(request)).toBeUndefined();
    // The same message sealed again is a new envelope.
    expect(receiver.open(auth.seal({ droneId: 'drone1', producerId: 'p1', to: { ip: '127.0.0.2', port: 40000 } }))).toBeDefined();
  });
});
