import type { RtspCredentials } from './RtspAuthorization.ts';

/** Where an RTSP camera is, and how to ask it. */
export interface RtspCameraAddress {
  host: string;
  port: number;
  /** The URL as sent in requests: without the user and password, which cameras refuse there. */
  requestUrl: string;
  credentials: RtspCredentials | undefined;
}

/** Reads rtsp://[user:password@]host[:port]/path; throws on anything else. */
export function rtspCameraAddress(url: string): RtspCameraAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('not a valid URL (a port is 1-65535; a space or other special character in it is written %20 and so on)');
  }
  if (parsed.protocol !== 'rtsp:') throw new Error(`not an rtsp:// URL: ${parsed.protocol}`);
  if (!parsed.hostname) throw new Error('an rtsp:// URL needs a host');
  const credentials = parsed.username ? { username: decoded(parsed.username), password: decoded(parsed.password) } : undefined;
  parsed.username = '';
  parsed.password = '';
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: parsed.port ? Number(parsed.port) : 554, requestUrl: parsed.toString(), credentials };
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new Error('a % in the user or password must begin an escape: write a % itself as %25');
  }
}
