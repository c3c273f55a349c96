import { z } from 'zod';

/** Every refusal crossing a process boundary carries one of these codes. */
export const errorCodes = [
  'INVALID_PAYLOAD',
  'PAYLOAD_TOO_LARGE',
  'UNKNOWN_EVENT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_STATE',
  'MEDIA_ERROR',
  'UNAVAILABLE',
  'RATE_LIMITED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export const errorBodySchema = z.object({ code: z.enum(errorCodes), message: z.string() });

/** An error whose code and message are safe to send back to the client that caused it. */
export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

export function ok<T>(data: T): Ack<T> {
  return { ok: true, data };
}

export function fail(code: ErrorCode, message: string): Ack<never> {
  return { ok: false, error: { code, message } };
}
