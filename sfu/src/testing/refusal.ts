import { ProtocolError } from '@dronecast/protocol';

/** The ProtocolError a promise is refused with (tests); fails if it resolves or throws anything else. */
export async function refusal(promise: Promise<unknown>): Promise<ProtocolError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error('not refused');
}
