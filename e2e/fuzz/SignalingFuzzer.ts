import { io, type Socket } from 'socket.io-client';
import { isRequestName, notificationSchemas, requestSchemas, type NotificationName, type RequestName } from '@dronecast/protocol';
import { judgeAnswer } from './answers.ts';
import { notificationSamples, requestSamples } from './contractSamples.ts';
import { sleep, type Fuzzer, type FuzzTarget } from './Fuzzer.ts';
import type { FuzzReport } from './FuzzReport.ts';
import { hostileValue, prototypeKeys } from './hostileValues.ts';
import type { LiveIds } from './LiveIds.ts';
import { describeInput, mutateValue } from './mutateValue.ts';
import type { Random } from '../support/Random.ts';

const requestNames = Object.keys(requestSchemas) as RequestName[];
const notificationNames = Object.keys(notificationSchemas) as NotificationName[];
type FuzzRole = keyof FuzzTarget['tokens'];

/** Longer than the SFU's own deadline for each request (it answers "timeout" itself past that). */
function answerTimeoutMs(event: string): number {
  // Finishing a recording remuxes the whole file on the ground station (the SFU waits 120 s).
  return event === 'capture:stopRecording' ? 130_000 : 20_000;
}
/** Under the SFU's 50 messages/s per socket, so most cases reach the handlers rather than the rate limiter. */
const minSendGapMs = 25;
/** socket.io's message limit on the SFU (maxHttpBufferSize): past it the server drops the connection by design. */
const socketIoMessageLimit = 1_000_000;

/** The size of a case's message on the wire, near enough (binary attachments travel apart, each under the limit here). */
function wireSize(args: unknown[]): number {
  try {
    return Buffer.byteLength(JSON.stringify(args));
  } catch {
    return 0;
  }
}

interface SignalingCase {
  event: string;
  args: unknown[];
  /** Requests are acknowledged; notifications and requests sent without a callback are not. */
  expectsAnswer: boolean;
  /** What kind of case, for the report. */
  shape: 'valid' | 'mutated' | 'arity' | 'unknown-event' | 'notification' | 'no-ack';
}

interface Seat {
  role: FuzzRole;
  socket: Socket | undefined;
  connecting: Promise<Socket> | undefined;
  nextSendAt: number;
  /** A case went past socket.io's message limit: the drop that follows is the expected answer. */
  expectingDrop: boolean;
}

/**
 * Every request of the contract, valid and mutated, plus unknown events, wrong argument counts,
 * notifications and requests without a callback, from a pilot, a viewer, the console and a pose
 * worker. Every acknowledgement must be ok:true with data or ok:false with { code, message }.
 */
export class SignalingFuzzer implements Fuzzer {
  readonly kind = 'socket.io';
  private readonly seats: Seat[];
  private closed = false;

  constructor(
    private readonly target: FuzzTarget,
    private readonly report: FuzzReport,
    private readonly random: Random,
    private readonly ids: LiveIds,
    roles: FuzzRole[] = ['console', 'pilot', 'viewer', 'processing'],
    private readonly lanesPerSeat = 3,
  ) {
    this.seats = roles.map((role) => ({ role, socket: undefined, connecting: undefined, nextSendAt: 0, expectingDrop: false }));
  }

  get lanes(): number {
    return this.seats.length * this.lanesPerSeat;
  }

  async runCase(lane: number): Promise<void> {
    const seat = this.seats[lane % this.seats.length] as Seat;
    const socket = await this.socketOf(seat);
    const wait = seat.nextSendAt - Date.now();
    seat.nextSendAt = Math.max(Date.now(), seat.nextSendAt) + minSendGapMs;
    if (wait > 0) await sleep(wait);
    const kind = this.kind;
    let fuzzCase: SignalingCase;
    try {
      fuzzCase = this.nextCase();
      if (wireSize(fuzzCase.args) > socketIoMessageLimit - 1000) {
        seat.expectingDrop = true;
        socket.emit(fuzzCase.event, ...fuzzCase.args);
        this.report.count(kind, 'over-1MB');
        return;
      }
      if (!fuzzCase.expectsAnswer) {
        socket.emit(fuzzCase.event, ...fuzzCase.args);
        this.report.count(kind, fuzzCase.shape);
        return;
      }
    } catch {
      // Nothing reached the server: socket.io-client refuses reserved names ("connect", ...) itself,
      // and a value nested deep enough overflows its (or the mutator's) recursion.
      this.report.count(kind, 'refused-by-client');
      return;
    }
    const input = (): string => `as ${seat.role}: ${describeInput([fuzzCase.event, ...fuzzCase.args])}`;
    let reply: unknown;
    try {
      reply = await socket.timeout(answerTimeoutMs(fuzzCase.event)).emitWithAck(fuzzCase.event, ...fuzzCase.args);
    } catch (error) {
      if (!socket.connected) {
        this.report.count(kind, 'lost-with-connection');
        return;
      }
      if (/timed out/i.test((error as Error).message)) {
        this.report.unanswered++;
        this.report.count(kind, 'unanswered');
        this.report.fail(kind, `no answer within ${answerTimeoutMs(fuzzCase.event) / 1000} s`, input());
      } else {
        this.report.count(kind, 'refused-by-client');
      }
      return;
    }
    const answer = judgeAnswer(reply);
    if ('malformed' in answer) {
      this.report.count(kind, 'malformed-answer');
      this.report.fail(kind, `answer without a reason (${answer.malformed}): ${describeInput(reply, 300)}`, input());
      return;
    }
    this.report.count(kind, answer.ok ? `ok` : answer.error.code);
    if (answer.ok && isRequestName(fuzzCase.event)) this.ids.learn(fuzzCase.event, answer.data);
    // INTERNAL is the SFU's answer to an exception it did not expect: a bug the fuzzer found.
    if (!answer.ok && answer.error.code === 'INTERNAL') this.report.fail(kind, `INTERNAL: ${answer.error.message}`, input());
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const seat of this.seats) seat.socket?.disconnect();
  }

  private nextCase(): SignalingCase {
    const random = this.random;
    const roll = random.next();
    if (roll < 0.76) {
      const event = random.pick(requestNames);
      const valid: unknown = requestSamples[event](this.ids, random);
      return random.chance(0.15)
        ? { event, args: [valid], expectsAnswer: true, shape: 'valid' }
        : { event, args: [mutateValue(valid, random)], expectsAnswer: true, shape: 'mutated' };
    }
    if (roll < 0.82) {
      const event = random.pick(requestNames);
      const args = random.chance(0.5) ? [] : [requestSamples[event](this.ids, random), hostileValue(random)];
      return { event, args, expectsAnswer: true, shape: 'arity' };
    }
    if (roll < 0.88) {
      const event = random.pick([
        ...prototypeKeys,
        random.text(random.int(0, 30)),
        `${random.pick(requestNames)}${random.text(1)}`,
        'x'.repeat(random.int(1000, 20_000)),
        'connect',
        'disconnect',
        'session:welcome',
      ]);
      return { event, args: [hostileValue(random)], expectsAnswer: true, shape: 'unknown-event' };
    }
    if (roll < 0.96) {
      const event = random.pick(notificationNames);
      const valid: unknown = notificationSamples[event](random);
      return { event, args: [random.chance(0.3) ? valid : mutateValue(valid, random)], expectsAnswer: false, shape: 'notification' };
    }
    const event = random.pick(requestNames);
    return { event, args: [requestSamples[event](this.ids, random)], expectsAnswer: false, shape: 'no-ack' };
  }

  /** The seat's socket, connected again if the server (or a case) closed it; each close is in the report. */
  private async socketOf(seat: Seat): Promise<Socket> {
    if (seat.socket?.connected) return seat.socket;
    seat.connecting ??= this.connect(seat).finally(() => (seat.connecting = undefined));
    return seat.connecting;
  }

  private connect(seat: Seat): Promise<Socket> {
    const socket = io(this.target.origin, {
      auth: { token: this.target.tokens[seat.role] },
      transports: ['websocket'],
      ca: this.target.ca,
      reconnection: false,
      forceNew: true,
    });
    seat.expectingDrop = false;
    socket.on('disconnect', (reason) => {
      if (this.closed || reason === 'io client disconnect' || seat.expectingDrop) return;
      // The SFU drops a socket only for a reason (a revoked link, a message over 1 MB); none is sent here.
      this.report.fail(this.kind, `the server closed the ${seat.role}'s socket: ${reason}`, '(the cases in flight on it)');
    });
    return new Promise((resolve, reject) => {
      socket.once('session:welcome', () => {
        seat.socket = socket;
        resolve(socket);
      });
      socket.once('connect_error', (error) => reject(new Error(`the ${seat.role} cannot connect: ${error.message}`)));
    });
  }
}
