import { describe, expect, it } from 'vitest';
import { relayOnlyRequested } from './relayOnly.ts';

describe('relay-only page option', () => {
  it('is on for ?relay=1 or ?relay=true, beside other parameters', () => {
    expect(relayOnlyRequested('https://10.0.0.2:8443/?token=abc&relay=1')).toBe(true);
    expect(relayOnlyRequested('https://10.0.0.2:8443/?relay=true&transport=webrtc')).toBe(true);
  });

  it('is off otherwise', () => {
    expect(relayOnlyRequested('https://10.0.0.2:8443/?token=abc')).toBe(false);
    expect(relayOnlyRequested('https://10.0.0.2:8443/?relay=0')).toBe(false);
    expect(relayOnlyRequested(undefined)).toBe(false);
  });
});
