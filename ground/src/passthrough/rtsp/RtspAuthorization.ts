import { createHash, randomBytes } from 'node:crypto';

export interface RtspCredentials {
  username: string;
  password: string;
}

interface DigestChallenge {
  scheme: 'digest';
  realm: string;
  nonce: string;
  opaque: string | undefined;
  /** Whether the camera asked for qop=auth (RFC 2617); older cameras use the RFC 2069 form. */
  qopAuth: boolean;
}

type Challenge = DigestChallenge | { scheme: 'basic'; realm: string };

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
/** A quoted-string (RFC 2616 §2.2): what was unescaped on reading is escaped again on writing. */
const quoted = (text: string): string => `"${text.replace(/["\\]/g, '\\$&')}"`;

/** Reads `key=value, key="quoted, value"` parameters of a WWW-Authenticate header. */
function challengeParameters(text: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const match of text.matchAll(/([a-zA-Z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    parameters.set(match[1]!.toLowerCase(), (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1'));
  }
  return parameters;
}

function parseChallenge(header: string): Challenge | undefined {
  const scheme = /^\s*(\w+)\s*(.*)$/.exec(header);
  const parameters = challengeParameters(scheme?.[2] ?? '');
  const name = scheme?.[1]?.toLowerCase();
  if (name === 'basic') return { scheme: 'basic', realm: parameters.get('realm') ?? '' };
  const algorithm = parameters.get('algorithm')?.toUpperCase() ?? 'MD5';
  const nonce = parameters.get('nonce');
  // MD5 is what RTSP cameras offer; a challenge in another algorithm is one we cannot answer.
  if (name !== 'digest' || algorithm !== 'MD5' || nonce === undefined) return undefined;
  const qop = parameters.get('qop')?.split(',').map((q) => q.trim());
  // A camera that names qop wants one of them; auth-int (a hash of the body) is not one we give.
  if (qop && !qop.includes('auth')) return undefined;
  return { scheme: 'digest', realm: parameters.get('realm') ?? '', nonce, opaque: parameters.get('opaque'), qopAuth: qop !== undefined };
}

/**
 * Answers a camera's WWW-Authenticate challenges with a user and password, for every request that
 * follows: HTTP Digest (RFC 2617, MD5, with or without qop=auth) when offered, else Basic.
 */
export class RtspAuthorization {
  private nonceCount = 0;

  private constructor(
    private readonly challenge: Challenge,
    private readonly credentials: RtspCredentials,
    private readonly cnonce: () => string,
  ) {}

  /** Undefined when no challenge is one we can answer (the caller says which were offered). */
  static answer(challenges: readonly string[], credentials: RtspCredentials, cnonce: () => string = () => randomBytes(8).toString('hex')): RtspAuthorization | undefined {
    const parsed = challenges.map(parseChallenge).filter((c): c is Challenge => c !== undefined);
    const chosen = parsed.find((c) => c.scheme === 'digest') ?? parsed.find((c) => c.scheme === 'basic');
    return chosen && new RtspAuthorization(chosen, credentials, cnonce);
  }

  /** The Authorization header for one request. */
  header(method: string, uri: string): string {
    const { username, password } = this.credentials;
    const challenge = this.challenge;
    if (challenge.scheme === 'basic') return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    const ha1 = md5(`${username}:${challenge.realm}:${password}`);
    const ha2 = md5(`${method}:${uri}`);
    const fields = [`username=${quoted(username)}`, `realm=${quoted(challenge.realm)}`, `nonce=${quoted(challenge.nonce)}`, `uri=${quoted(uri)}`];
    if (challenge.qopAuth) {
      const nc = (++this.nonceCount).toString(16).padStart(8, '0');
      const cnonce = this.cnonce();
      fields.push(`qop=auth`, `nc=${nc}`, `cnonce="${cnonce}"`, `response="${md5(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`)}"`);
    } else {
      fields.push(`response="${md5(`${ha1}:${challenge.nonce}:${ha2}`)}"`);
    }
    if (challenge.opaque !== undefined) fields.push(`opaque=${quoted(challenge.opaque)}`);
    return `Digest ${fields.join(', ')}`;
  }
}
