import { errorBodySchema, type ErrorBody } from '@dronecast/protocol';

export type JudgedAnswer = { ok: true; data: unknown } | { ok: false; error: ErrorBody } | { malformed: string };

/** Whether a socket.io acknowledgement is what the contract promises: data, or a refusal with a code and a message. */
export function judgeAnswer(reply: unknown): JudgedAnswer {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) return { malformed: 'not an { ok } object' };
  if (reply.ok === true) return 'data' in reply ? { ok: true, data: reply.data } : { malformed: 'ok without data' };
  if (reply.ok !== false) return { malformed: `ok is ${JSON.stringify(reply.ok)}` };
  const error = errorBodySchema.safeParse((reply as { error?: unknown }).error);
  return error.success ? { ok: false, error: error.data } : { malformed: 'a refusal without { code, message }' };
}
