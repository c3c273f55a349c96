import type { RequestHandler } from 'express';
import helmet from 'helmet';

export interface SecurityHeaderSources {
  /** The map's tile URL template (--map-tiles), whose origin the pages load images from. */
  mapTiles: string | null;
  /** A browser-reachable external MQTT broker (ws:// or wss://), which pages connect to. */
  mqttBrokerUrl: string | null;
}

/**
 * helmet's headers for every answer: a Content-Security-Policy that lets the pages load only
 * this server's scripts and talk only to it (plus the tile server and an external broker when
 * configured), no framing by other sites, no Referer (page URLs carry access tokens) and HSTS.
 */
export function securityHeaders({ mapTiles, mqttBrokerUrl }: SecurityHeaderSources): RequestHandler {
  const tileOrigin = mapTiles ? [originOf(mapTiles.replace(/\{[a-z]\}/g, '0'))] : [];
  const brokerOrigin = mqttBrokerUrl ? [originOf(mqttBrokerUrl)] : [];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        // Svelte and Leaflet set style attributes; styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...tileOrigin],
        mediaSrc: ["'self'", 'blob:'],
        // 'self' covers this origin's wss: (signaling, frames, /mqtt).
        connectSrc: ["'self'", ...brokerOrigin],
        // mqtt.js keeps its timers in a worker made from a blob: URL.
        workerSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        manifestSrc: ["'self'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    // Not on subdomains: a LAN name's siblings may well be plain http.
    strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
  });
}

function originOf(url: string): string {
  return new URL(url).origin;
}
