import type { Random } from '../support/Random.ts';

export interface GalleryRequest {
  method: string;
  /** Sent as written: encoded traversal attempts reach the server as such. */
  path: string;
  headers: Record<string, string>;
  /** Whether a valid token goes with it (in the query, once, or as a Bearer header). */
  authorized: boolean;
  /** Whether the path tries to leave the gallery or the web app's files. */
  traversal: boolean;
}

export interface GalleryRequestContext {
  galleryItemId: string;
  validTokens: string[];
}

const traversalIds = [
  '..',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%252f..%252fetc%252fpasswd',
  '....%2f%2f....%2f%2fetc%2fpasswd',
  '%c0%ae%c0%ae%c0%af',
  '..%5c..%5cwindows%5cwin.ini',
  'aaaaaaaaaaaa%00.jpg',
  '%2fetc%2fpasswd',
  '.%2e/.%2e/package.json',
];

/** Paths outside the gallery that try to reach files beside the web app's build. */
const staticTraversals = ['/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2f..%2fpackage.json', '/..%2f..%2fpackage.json', '/gallery/../../package.json'];

/** Range headers, well-formed and not (RFC 9110 allows ignoring what the server can't serve). */
export function rangeHeader(random: Random): string {
  const n = (): number => random.int(0, 200_000);
  return random.pick([
    `bytes=0-0`,
    `bytes=0-${n()}`,
    `bytes=${n()}-`,
    `bytes=-${n()}`,
    `bytes=${n()}-${n()}`,
    'bytes=',
    'bytes=-',
    'bytes=--1',
    'bytes=-0',
    'bytes=-1-2',
    'bytes=1-2-3',
    'bytes=a-b',
    'bytes= 0 - 1',
    'bytes=0x10-0x20',
    'bytes=1e3-',
    'bytes=+1-2',
    'items=0-1',
    'BYTES=0-1',
    'bytes=0-1,2-3',
    'bytes=0-1, 5-',
    `bytes=${Array.from({ length: 200 }, (_, i) => `${i}-${i}`).join(',')}`,
    'bytes=99999999999999999999-',
    'bytes=-99999999999999999999',
    'bytes=0-99999999999999999999',
    `bytes=${'9'.repeat(400)}-`,
    `bytes=${Number.MAX_SAFE_INTEGER}-${Number.MAX_SAFE_INTEGER + 10}`,
    'bytes=5-2',
    `bytes=${random.text(random.int(0, 40))}`,
    random.text(random.int(0, 200)),
  ]);
}

function galleryId(random: Random, context: GalleryRequestContext): { id: string; traversal: boolean } {
  switch (random.int(0, 5)) {
    case 0:
    case 1:
      return { id: context.galleryItemId, traversal: false };
    case 2:
      return { id: random.text(random.int(12, 32), 'abcdefghijklmnopqrstuvwxyz0123456789'), traversal: false };
    case 3:
      return { id: random.pick(traversalIds), traversal: true };
    case 4:
      // Past the id pattern, and past Node's 16 KB header limit (431).
      return { id: 'a'.repeat(random.pick([11, 33, 2000, 20_000])), traversal: false };
    default:
      return { id: encodeURIComponent(random.text(random.int(1, 40))), traversal: false };
  }
}

/** One request to the gallery routes (or a traversal past them), with a token or without. */
export function galleryRequest(random: Random, context: GalleryRequestContext): GalleryRequest {
  const method = random.chance(0.8) ? 'GET' : random.chance(0.7) ? 'HEAD' : random.pick(['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);
  const headers: Record<string, string> = {};
  const valid = random.pick(context.validTokens);
  let query = '';
  let authorized = false;
  switch (random.int(0, 5)) {
    case 0:
    case 1:
    case 2:
      query = `token=${encodeURIComponent(valid)}`;
      authorized = true;
      break;
    case 3:
      headers.authorization = `Bearer ${valid}`;
      authorized = true;
      break;
    case 4:
      // Two tokens in the query arrive as an array: not a token.
      query = random.pick([`token=${valid}&token=${valid}`, `token=${encodeURIComponent(valid.slice(0, -2))}`, `token[]=${valid}`, 'token=', `token=${'x'.repeat(3000)}`]);
      break;
    default:
      headers.authorization = random.pick(['Bearer', 'Bearer  ', `Basic ${valid}`, `Bearer ${valid} extra`, `Bearer ${'y'.repeat(5000)}`]);
  }
  if (random.chance(0.3)) query += `&${random.pick(['download=1', 'download[]=1', '__proto__=x', 'constructor[prototype][x]=1', 'limit=-1', 'limit=1e309', 'limit=abc', 'kind=video', 'kind[]=photo', `before=${context.galleryItemId}`, 'limit=1&limit=2'])}`;
  let path: string;
  let traversal = false;
  const shape = random.int(0, 9);
  if (shape === 0) {
    path = random.pick(['/gallery', '/gallery/']);
  } else if (shape === 1) {
    path = random.pick(staticTraversals);
    traversal = true;
  } else {
    const id = galleryId(random, context);
    traversal = id.traversal;
    const variant = random.chance(0.85) ? random.pick(['file', 'thumbnail']) : random.pick(['', '..', 'FILE', 'file/extra', 'file%2f..', random.text(5, 'abc%/.')]);
    path = `/gallery/${id.id}/${variant}`;
  }
  if (method === 'GET' || method === 'HEAD') {
    if (random.chance(0.6)) headers.range = rangeHeader(random);
    if (random.chance(0.1)) headers['if-none-match'] = random.pick(['*', `"${context.galleryItemId}-file-1"`, random.text(30)]);
  }
  return { method, path: query ? `${path}?${query.replace(/^&/, '')}` : path, headers, authorized, traversal };
}
