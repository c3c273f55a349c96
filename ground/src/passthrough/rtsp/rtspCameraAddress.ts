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
  const parsed = new URL(url);
  if (parsed.protocol !== 'rtsp:') throw new Error(`not an rtsp:// URL: ${parsed.protocol}`);
  if (!parsed.hostname) throw new Error('an rtsp:// URL needs a host');
  const credentials = parsed.username ? { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) } : undefined;
  parsed.username = '';
  parsed.password = '';
  return { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: parsed.port ? Number(parsed.port) : 554, requestUrl: parsed.toString(), credentials };
}
