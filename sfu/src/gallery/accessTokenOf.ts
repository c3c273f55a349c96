import type { Request } from 'express';

/**
 * The access token of an HTTP request: "Authorization: Bearer <token>", or "?token=<token>" for
 * what can't set headers (an <img> or <video> source, a download link).
 */
export function accessTokenOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  const bearer = header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  if (bearer) return bearer;
  const query = (req.query as Record<string, unknown>).token;
  return typeof query === 'string' ? query : undefined;
}
