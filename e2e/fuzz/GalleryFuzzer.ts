import https from 'node:https';
import type { Fuzzer, FuzzTarget } from './Fuzzer.ts';
import type { FuzzReport } from './FuzzReport.ts';
import { galleryRequest, type GalleryRequest } from './galleryRequests.ts';
import type { Random } from '../support/Random.ts';

const answerTimeoutMs = 20_000;

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** What only a file outside the served directories holds: /etc/passwd, or the repository's package.json. */
const leakedFile = /root:.*:0:0:|"workspaces"\s*:/;

/**
 * The gallery over HTTPS: item paths with good, bad, traversing and overlong ids, tokens in the
 * query or a header or missing, and Range headers well-formed and not. Every request must get a
 * status; none a 500; no file outside the gallery and the web app; nothing from the gallery
 * without a token; a 206 must say which bytes it carries and carry exactly those.
 */
export class GalleryFuzzer implements Fuzzer {
  readonly kind = 'gallery-http';
  readonly lanes = 2;

  constructor(
    private readonly target: FuzzTarget,
    private readonly report: FuzzReport,
    private readonly random: Random,
  ) {}

  async runCase(): Promise<void> {
    const { tokens, galleryItemId } = this.target;
    const request = galleryRequest(this.random, { galleryItemId, validTokens: [tokens.viewer, tokens.pilot, tokens.console] });
    const input = `${request.method} ${request.path.length > 300 ? `${request.path.slice(0, 300)}…(${request.path.length} chars)` : request.path} ${JSON.stringify(request.headers).slice(0, 400)}`;
    let answer: HttpAnswer | 'unanswered' | 'refused-by-client';
    try {
      answer = await this.send(request);
    } catch (error) {
      // A connection the server reset is an answer too (e.g. a header over Node's limit); one never made is not.
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'ECONNREFUSED') {
        this.report.count(this.kind, 'connection-refused');
        this.report.fail(this.kind, `connection refused: ${(error as Error).message}`, input);
        return;
      }
      answer = /^ERR_(INVALID|UNESCAPED)/.test(code) ? 'refused-by-client' : 'unanswered';
      if (answer === 'unanswered' && code) {
        this.report.count(this.kind, code);
        return;
      }
    }
    if (answer === 'refused-by-client') return this.report.count(this.kind, answer);
    if (answer === 'unanswered') {
      this.report.unanswered++;
      this.report.count(this.kind, answer);
      this.report.fail(this.kind, `no answer within ${answerTimeoutMs / 1000} s`, input);
      return;
    }
    this.report.count(this.kind, String(answer.status));
    for (const problem of this.judge(request, answer)) this.report.fail(this.kind, `${answer.status}: ${problem}`, input);
  }

  async close(): Promise<void> {}

  private judge(request: GalleryRequest, answer: HttpAnswer): string[] {
    const problems: string[] = [];
    const type = String(answer.headers['content-type'] ?? '');
    const text = answer.body.subarray(0, 4096).toString('utf8');
    if (answer.status >= 500 && answer.status !== 503) problems.push(`server error: ${text.slice(0, 300)}`);
    // HEAD answers carry no body to judge; OPTIONS is Express listing the methods, which is public.
    if (request.method !== 'GET' && request.method !== 'HEAD') return problems;
    if (request.method === 'GET' && request.path.startsWith('/gallery') && answer.status >= 400 && type.includes('json')) {
      let error: { code?: unknown; message?: unknown } | undefined;
      try {
        error = (JSON.parse(answer.body.toString('utf8')) as { error?: { code?: unknown; message?: unknown } }).error;
      } catch {
        error = undefined;
      }
      if (typeof error?.code !== 'string' || typeof error.message !== 'string') problems.push(`refused without { code, message }: ${text.slice(0, 200)}`);
    }
    if (answer.status < 300 && leakedFile.test(text)) problems.push(`served a file from outside the gallery: ${text.slice(0, 120)}`);
    // The web app's pages are public; gallery bytes and lists are not.
    if (answer.status < 300 && !request.authorized && !type.includes('text/html')) problems.push(`served ${type} without a valid token`);
    if (answer.status === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(answer.headers['content-range']));
      if (!range) problems.push(`206 with Content-Range ${String(answer.headers['content-range'])}`);
      else if (request.method === 'GET' && Number(range[2]) - Number(range[1]) + 1 !== answer.body.length) {
        problems.push(`206 for ${range[0]} carried ${answer.body.length} bytes`);
      }
    }
    return problems;
  }

  private send(request: GalleryRequest): Promise<HttpAnswer | 'unanswered'> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        { host: '127.0.0.1', port: this.target.port, path: request.path, method: request.method, headers: request.headers, ca: this.target.ca, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.setTimeout(answerTimeoutMs, () => {
        req.destroy();
        resolve('unanswered');
      });
      req.on('error', reject);
      req.end();
    });
  }
}
