import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, metricsAccessDenial } from './metricsAccess.ts';

const options = { metricsToken: 'a-metrics-token-of-length', isConsoleToken: (t: string) => t === 'console-token' };

describe('who may read /metrics', () => {
  it('lets this machine in without a token', () => {
    for (const address of ['127.0.0.1', '127.3.4.5', '::1', '::ffff:127.0.0.1']) expect(metricsAccessDenial(address, undefined, options)).toBeUndefined();
    expect(isLoopbackAddress('192.168.1.20')).toBe(false);
    expect(isLoopbackAddress('::ffff:10.0.0.1')).toBe(false);
    expect(isLoopbackAddress(undefined)).toBe(false);
  });

  it('asks other machines for the metrics token or the console token', () => {
    expect(metricsAccessDenial('192.168.1.20', undefined, options)).toMatch(/need Authorization: Bearer/);
    expect(metricsAccessDenial('192.168.1.20', 'Bearer a-metrics-token-of-length', options)).toBeUndefined();
    expect(metricsAccessDenial('192.168.1.20', 'bearer console-token', options)).toBeUndefined();
    expect(metricsAccessDenial('192.168.1.20', 'Bearer a-metrics-token-of-lengtX', options)).toMatch(/may not read metrics/);
    expect(metricsAccessDenial('192.168.1.20', 'Basic dXNlcjpwYXNz', options)).toMatch(/need Authorization/);
  });

  it('without a metrics token, only the console token opens it from elsewhere', () => {
    const consoleOnly = { isConsoleToken: options.isConsoleToken };
    expect(metricsAccessDenial('10.0.0.9', 'Bearer a-metrics-token-of-length', consoleOnly)).toMatch(/may not read metrics/);
    expect(metricsAccessDenial('10.0.0.9', 'Bearer console-token', consoleOnly)).toBeUndefined();
  });
});
