import { describe, expect, it } from 'vitest';
import { mapTileUrlSchema } from './mapTiles.ts';
import { serverEventSchemas } from './serverEvents.ts';

const issue = (url: string) => mapTileUrlSchema.safeParse(url).error?.issues[0]?.message;

describe('map tile URL templates', () => {
  it('takes http(s) templates with {z}, {x} and {y}, in the path or the query', () => {
    for (const url of [
      'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      'https://{s}.tiles.example/{z}/{x}/{y}{r}.png',
      'http://192.168.1.5:8080/tiles/{z}/{x}/{y}.png',
      'https://tiles.example/?z={z}&x={x}&y={y}',
    ]) {
      expect(mapTileUrlSchema.safeParse(url).success, url).toBe(true);
    }
  });

  it('refuses other schemes, missing placeholders and stray spaces, saying which', () => {
    expect(issue('file:///srv/tiles/{z}/{x}/{y}.png')).toMatch(/http\(s\) URL template/);
    expect(issue('javascript:alert({z}{x}{y})')).toMatch(/http\(s\) URL template/);
    expect(issue('https://tiles.example/{z}/{x}/{y} .png')).toMatch(/http\(s\) URL template/);
    expect(issue('https://tiles.example/{z}/{x}.png')).toBe('must contain {z}, {x} and {y}');
  });

  it('reaches pages in the welcome, null from a server that predates it', () => {
    const welcome = { peerId: 'p1', role: 'pilot', droneId: 'drone1', serverTime: 1, transports: { websocket: { available: true }, mqtt: { available: false, reason: 'off' } } };
    expect(serverEventSchemas['session:welcome'].parse(welcome).mapTiles).toBeNull();
    const osm = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
    expect(serverEventSchemas['session:welcome'].parse({ ...welcome, mapTiles: osm }).mapTiles).toBe(osm);
    expect(serverEventSchemas['session:welcome'].safeParse({ ...welcome, mapTiles: 'file:///{z}/{x}/{y}' }).success).toBe(false);
  });
});
