import { describe, expect, it } from 'vitest';
import { proxyFailureMessage } from './proxyFailure.ts';

const failure = (code: string, message = code): Error & { code: string } => Object.assign(new Error(message), { code });
const sfu = 'https://127.0.0.1:8443';

describe('why the SFU cannot be reached, in words', () => {
  it('names the server and the cause', () => {
    expect(proxyFailureMessage(failure('ECONNREFUSED'), sfu)).toBe(
      'Cannot reach the dronecast server (SFU) at https://127.0.0.1:8443: connection refused. Is it running? The console reconnects by itself once it is back.',
    );
    expect(proxyFailureMessage(failure('ECONNRESET'), sfu)).toMatch(/^The dronecast server \(SFU\) at https:\/\/127\.0\.0\.1:8443 dropped the connection/);
    expect(proxyFailureMessage(failure('ETIMEDOUT'), sfu)).toMatch(/did not answer in time/);
    expect(proxyFailureMessage(failure('ENOTFOUND'), sfu)).toMatch(/check the ground agent's --sfu flag/);
    expect(proxyFailureMessage(failure('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), sfu)).toMatch(/certificate .* --ca-cert/);
    expect(proxyFailureMessage(failure('EWHATEVER', 'socket hang up'), sfu)).toMatch(/: socket hang up\. The console reconnects/);
  });
});
