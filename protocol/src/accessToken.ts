/**
 * Why the SFU refuses an access token, word for word: the SFU sends these as its refusal, and
 * the phone page tells from them which plain-words screen to show.
 */
export const accessTokenRefusals = {
  missing: 'missing or malformed access token',
  malformed: 'malformed access token',
  /** A forged token, or one signed with another server's (or an older) secret: "expired". */
  notIssuedHere: 'access token not issued by this server (forged, or from an older secret)',
  unknownClaims: 'access token has unknown claims',
} as const;
