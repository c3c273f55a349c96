import { describe, expect, it } from 'vitest';
import { describeDevice } from './describeDevice.ts';

describe('describeDevice', () => {
  it('names the browser, its major version and the system', () => {
    expect(describeDevice('Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36')).toBe(
      'Chrome 131 on Android',
    );
    expect(
      describeDevice('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'),
    ).toBe('Safari 17 on iOS');
    expect(describeDevice('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0.0.0 Safari/537.36')).toBe(
      'Headless Chrome 130 on Linux',
    );
  });

  it('keeps the start of what it cannot read, and says when there is nothing', () => {
    expect(describeDevice('node-XMLHttpRequest')).toBe('node-XMLHttpRequest');
    expect(describeDevice('x'.repeat(200))).toHaveLength(60);
    expect(describeDevice(undefined)).toBe('unknown');
  });
});
