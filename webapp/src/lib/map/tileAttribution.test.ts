import { describe, expect, it } from 'vitest';
import { openStreetMapAttribution, tileAttribution } from './tileAttribution.ts';

describe('the credit under the tiles', () => {
  it("is OpenStreetMap's, linked to its copyright page, for its tile servers", () => {
    expect(tileAttribution('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe(openStreetMapAttribution);
    expect(tileAttribution('https://{s}.tile.openstreetmap.fr/hot/{z}/{x}/{y}.png')).toBe(openStreetMapAttribution);
    expect(openStreetMapAttribution).toContain('href="https://www.openstreetmap.org/copyright"');
  });

  it('names any other tile host, and nothing that could be markup', () => {
    expect(tileAttribution('http://192.168.1.5:8080/tiles/{z}/{x}/{y}.png')).toBe('Map tiles: 192.168.1.5:8080');
    expect(tileAttribution('https://openstreetmap.org.example.com/{z}/{x}/{y}.png')).toBe('Map tiles: openstreetmap.org.example.com');
    expect(tileAttribution('https://a<b>/{z}/{x}/{y}.png')).toBe('Map tiles: ab');
  });
});
