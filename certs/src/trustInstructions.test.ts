import { describe, expect, it } from 'vitest';
import { trustInstructions } from './trustInstructions.ts';

describe('trustInstructions', () => {
  it('covers Android, iOS full trust and desktop browsers, with the download URL', () => {
    const text = trustInstructions('/srv/certs/ca.pem', 'https://192.168.1.20:8443/ca.pem');
    expect(text).toContain('https://192.168.1.20:8443/ca.pem');
    expect(text).toContain('/srv/certs/ca.pem');
    expect(text).toMatch(/Android/);
    expect(text).toMatch(/Settings > General > About >\s+Certificate Trust Settings/);
    expect(text).toMatch(/Firefox/);
  });

  it('points at /ca.pem when no URL is known', () => {
    expect(trustInstructions('/x/ca.pem')).toContain('/ca.pem');
  });
});
