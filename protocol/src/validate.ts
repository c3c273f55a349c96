import type { z } from 'zod';
import { ProtocolError } from './errors.ts';
import { maxPayloadBytes, requestSchemas, type ParsedRequest, type RequestName } from './events.ts';

/** Human-readable summary of the first few zod issues, e.g. "direction: expected one of send|recv". */
/** A refusal stays readable and small whatever was sent (thousands of unknown keys make one issue). */
const maxDescriptionChars = 300;

export function describeIssues(error: z.ZodError): string {
  const text = error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'payload'}: ${issue.message}`)
    .join('; ');
  return text.length > maxDescriptionChars ? `${text.slice(0, maxDescriptionChars - 1)}…` : text;
}

function jsonSize(payload: unknown): number {
  try {
    return JSON.stringify(payload ?? null).length;
  } catch {
    return Infinity;
  }
}

/** Validates one request payload; throws a ProtocolError that can be sent back as is. */
export function parseRequest<E extends RequestName>(event: E, payload: unknown): ParsedRequest<E> {
  const size = jsonSize(payload);
  if (size > maxPayloadBytes) {
    throw new ProtocolError('PAYLOAD_TOO_LARGE', `${event}: payload is ${size} bytes, the limit is ${maxPayloadBytes}`);
  }
  const result = requestSchemas[event].safeParse(payload);
  if (!result.success) throw new ProtocolError('INVALID_PAYLOAD', `${event}: ${describeIssues(result.error)}`);
  return result.data as ParsedRequest<E>;
}
