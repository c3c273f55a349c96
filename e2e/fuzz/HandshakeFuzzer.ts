import { io } from 'socket.io-client';
import { errorBodySchema } from '@dronecast/protocol';
import type { Fuzzer, FuzzTarget } from './Fuzzer.ts';
import type { FuzzReport } from './FuzzReport.ts';
import { hostileValue } from './hostileValues.ts';
import { describeInput } from './mutateValue.ts';
import type { Random } from '../support/Random.ts';

const handshakeTimeoutMs = 10_000;

/**
 * Connections with damaged tokens and odd auth objects: each must be refused with a reason
 * (connect_error carrying { code, message }), and never hang.
 */
export class HandshakeFuzzer implements Fuzzer {
  readonly kind = 'socket.io-handshake';
  readonly lanes = 1;

  constructor(
    private readonly target: FuzzTarget,
    private readonly report: FuzzReport,
    private readonly random: Random,
  ) {}

  async runCase(): Promise<void> {
    const auth = this.nextAuth();
    const socket = io(this.target.origin, { auth, transports: ['websocket'], ca: this.target.ca, reconnection: false, forceNew: true });
    const outcome = await new Promise<{ outcome: string; failure?: string }>((resolve) => {
      const timer = setTimeout(() => resolve({ outcome: 'unanswered', failure: `neither welcomed nor refused within ${handshakeTimeoutMs / 1000} s` }), handshakeTimeoutMs);
      socket.once('session:welcome', () => (clearTimeout(timer), resolve({ outcome: 'welcomed' })));
      socket.once('connect_error', (error: Error & { data?: unknown }) => {
        clearTimeout(timer);
        const reason = errorBodySchema.safeParse(error.data);
        resolve(reason.success ? { outcome: reason.data.code } : { outcome: 'no-reason', failure: `refused without { code, message }: ${error.message}` });
      });
    });
    socket.disconnect();
    this.report.count(this.kind, outcome.outcome);
    if (outcome.outcome === 'unanswered') this.report.unanswered++;
    if (outcome.failure) this.report.fail(this.kind, outcome.failure, `auth ${describeInput(auth)}`);
  }

  async close(): Promise<void> {}

  /** A real token damaged (a flipped character, cut short, grown, another drone's claims), or not a token at all. */
  private nextAuth(): Record<string, unknown> {
    const random = this.random;
    const token = random.pick(Object.values(this.target.tokens));
    const at = random.int(0, token.length - 1);
    const [claims = '', signature = ''] = token.split('.');
    const forgedClaims = Buffer.from(JSON.stringify({ v: 1, role: 'console', drone: random.pick([this.target.droneId, '*', '__proto__']), sub: 'fuzz' })).toString('base64url');
    switch (random.int(0, 6)) {
      case 0: {
        // Another character in one place (never the same one, which would leave the token valid).
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.'.replace(token[at] ?? '', '');
        return { token: `${token.slice(0, at)}${random.text(1, alphabet)}${token.slice(at + 1)}` };
      }
      case 1:
        return { token: token.slice(0, at) };
      case 2:
        return { token: `${token}${random.text(random.int(1, 50))}` };
      case 3:
        return { token: `${forgedClaims}.${signature}` };
      case 4:
        return { token: `${claims}.${claims}.${signature}` };
      case 5:
        return { token: hostileValue(random) };
      default:
        return random.chance(0.5) ? {} : { tokens: token, role: 'console' };
    }
  }
}
