import express, { type Request, type Response } from 'express';
import {
  describeIssues,
  galleryIdSchema,
  galleryListRequest,
  galleryVariantSchema,
  ProtocolError,
  type CaptureRequester,
  type ErrorCode,
  type Logger,
} from '@dronecast/protocol';
import type { TokenIssuer } from '../auth/TokenIssuer.ts';
import { accessTokenOf } from './accessTokenOf.ts';
import { captureRequester } from './captureAccess.ts';
import type { DroneCapture } from './DroneCapture.ts';
import { parseByteRange } from './parseByteRange.ts';
import { sendGalleryBytes } from './sendGalleryBytes.ts';

export interface GalleryRoutesOptions {
  tokens: TokenIssuer;
  /** The drone's captures (made on first use, as signaling does). */
  captureOf(droneId: string): DroneCapture;
  logger: Logger;
}

interface Caller {
  requester: CaptureRequester;
  capture: DroneCapture;
}

const statusOf: Partial<Record<ErrorCode, number>> = {
  INVALID_PAYLOAD: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

/**
 * The gallery over HTTPS, mounted at /gallery: GET / lists (JSON), GET|HEAD /:id/file and
 * /:id/thumbnail send bytes, with Range (206) for seeking in videos and ?download=1 for a
 * download. Every request needs a token of the drone's; the bytes come from its ground agent
 * over the link it already has, so the files never need to be reachable from here.
 */
export function galleryRoutes({ tokens, captureOf, logger }: GalleryRoutesOptions): express.Router {
  const router = express.Router();

  const caller = (req: Request): Caller => {
    const claims = tokens.verify(accessTokenOf(req));
    // HTTP callers have no socket: the token's subject names them in the logs.
    return { requester: captureRequester(`http:${claims.sub}`, claims.role), capture: captureOf(claims.drone) };
  };

  const refuse = (res: Response, error: unknown): void => {
    const refusal = error instanceof ProtocolError ? error : new ProtocolError('INTERNAL', 'the gallery request failed on the server');
    if (!(error instanceof ProtocolError)) logger.error('gallery request failed', { error: (error as Error).stack ?? String(error) });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(statusOf[refusal.code] ?? 500).json({ error: refusal.toBody() });
  };

  router.get('/', async (req, res) => {
    try {
      const { requester, capture } = caller(req);
      const query = req.query as Record<string, unknown>;
      const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
      const limit = text(query.limit);
      const parsed = galleryListRequest.safeParse({ kind: text(query.kind), before: text(query.before), limit: limit === undefined ? undefined : Number(limit) });
      if (!parsed.success) throw new ProtocolError('INVALID_PAYLOAD', `gallery list: ${describeIssues(parsed.error)}`);
      res.set('Cache-Control', 'no-store').json(await capture.list(requester, parsed.data));
    } catch (error) {
      refuse(res, error);
    }
  });

  // Express answers HEAD with the GET route; the body is skipped below.
  router.get('/:id/:variant', async (req, res) => {
    try {
      const { requester, capture } = caller(req);
      const id = galleryIdSchema.safeParse(req.params.id);
      if (!id.success) throw new ProtocolError('INVALID_PAYLOAD', `"${String(req.params.id).slice(0, 40)}" is not a gallery id (ids are 12-32 lowercase letters or digits, never paths)`);
      const variant = galleryVariantSchema.safeParse(req.params.variant);
      if (!variant.success) throw new ProtocolError('NOT_FOUND', `no "${String(req.params.variant).slice(0, 20)}" for gallery items: ask for file or thumbnail`);
      const read = (offset: number, length: number) => capture.read(requester, { id: id.data, variant: variant.data, offset, length });
      const { size, mimeType, fileName } = await read(0, 0);
      const etag = `"${id.data}-${variant.data}-${size}"`;
      const download = (req.query as Record<string, unknown>).download === '1';
      res.set({
        'Accept-Ranges': 'bytes',
        'Content-Type': mimeType,
        ETag: etag,
        // Items never change once stored (ids are not reused); private: the URL may carry a token.
        'Cache-Control': 'private, max-age=86400',
        'X-Content-Type-Options': 'nosniff',
        'Content-Disposition': `${download ? 'attachment' : 'inline'}; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
      });
      if (req.headers['if-none-match'] === etag) {
        res.status(304).end();
        return;
      }
      const range = parseByteRange(req.headers.range, size);
      if (range.kind === 'unsatisfiable') {
        res.status(416).set('Content-Range', `bytes */${size}`).json({ error: { code: 'INVALID_PAYLOAD', message: `the range is past the end of the file (${size} bytes)` } });
        return;
      }
      const [start, end] = range.kind === 'part' ? [range.start, range.end] : [0, size - 1];
      if (range.kind === 'part') res.status(206).set('Content-Range', `bytes ${start}-${end}/${size}`);
      res.set('Content-Length', String(end - start + 1));
      if (req.method === 'HEAD' || size === 0) {
        res.end();
        return;
      }
      res.flushHeaders();
      await sendGalleryBytes(res, read, start, end);
    } catch (error) {
      refuse(res, error);
    }
  });

  return router;
}
