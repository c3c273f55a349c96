import { StunUdpClient } from './stun/StunUdpClient.ts';
import { newStunMessage, stunMethod } from './stun/stunMessage.ts';

/** Resolves once a STUN Binding request to host:port is answered: the one sure sign coturn is serving. */
export async function waitForStunAnswer(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const client = await StunUdpClient.open(host, port);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (signal?.aborted) throw new Error('stopped waiting for turnserver');
      try {
        await client.request(newStunMessage(stunMethod.binding), { timeoutMs: 1000 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`turnserver did not answer STUN on ${host}:${port} within ${timeoutMs / 1000} s`, { cause: error });
      }
    }
  } finally {
    client.close();
  }
}
