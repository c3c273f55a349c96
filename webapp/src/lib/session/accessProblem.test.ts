import { describe, expect, it } from 'vitest';
import { accessTokenRefusals } from '@dronecast/protocol';
import { accessProblem } from './accessProblem.ts';

const refused = (error: string | null) => accessProblem({ connection: 'refused', error });

describe('accessProblem', () => {
  it('is no problem while connecting, connected or reconnecting', () => {
    for (const connection of ['connecting', 'connected', 'reconnecting', 'disconnected'] as const) {
      expect(accessProblem({ connection, error: "Can't reach the dronecast server. Retrying…" })).toBeNull();
    }
  });

  it('without a token, says where to get a link and offers nothing to forget', () => {
    const problem = accessProblem({ connection: 'no-token', error: 'x' });
    expect(problem).toMatchObject({ kind: 'no-token', canForget: false, canRetry: false });
    expect(problem?.remedy).toMatch(/QR code printed by the ground station/);
    expect(problem?.remedy).toMatch(/ask the pilot/);
  });

  it('calls a forged token, or one from another secret, an expired link and asks for a new one', () => {
    const problem = refused(accessTokenRefusals.notIssuedHere);
    expect(problem).toMatchObject({ kind: 'expired', title: 'This link has expired', canForget: true, canRetry: false });
    expect(problem?.explanation).toMatch(/another ground station|new key/);
    expect(problem?.remedy).toMatch(/Scan the QR code printed by the ground station again, or ask the pilot for a new link/);
  });

  it('says a revoked link was taken back by the ground station, and asks for a new one', () => {
    const problem = refused(accessTokenRefusals.revoked);
    expect(problem).toMatchObject({ kind: 'revoked', title: 'This link was revoked', canForget: true, canRetry: false });
    expect(problem?.explanation).toMatch(/ground station took this phone's access back/);
    expect(problem?.remedy).toBe('Ask the pilot or the ground station for a new link.');
  });

  it('says a link past its lifetime has expired: its time ran out', () => {
    const problem = refused(accessTokenRefusals.expired);
    expect(problem).toMatchObject({ kind: 'expired', title: 'This link has expired', canForget: true, canRetry: false });
    expect(problem?.explanation).toMatch(/time ran out/);
    expect(problem?.remedy).toBe('Ask the pilot or the ground station for a new link.');
  });

  it('calls a cut-off or garbled token a damaged link', () => {
    for (const reason of [accessTokenRefusals.malformed, accessTokenRefusals.missing, accessTokenRefusals.unknownClaims]) {
      expect(refused(reason)).toMatchObject({ kind: 'damaged', title: 'This link is damaged', canForget: true });
    }
  });

  it("passes any other refusal on in the server's words, and lets the user try again", () => {
    const problem = refused('The server sent an unexpected greeting (boom).');
    expect(problem).toMatchObject({ kind: 'refused', canRetry: true, canForget: true });
    expect(problem?.explanation).toContain('unexpected greeting (boom)');
    expect(refused(null)?.explanation).toMatch(/no reason given/);
  });
});
