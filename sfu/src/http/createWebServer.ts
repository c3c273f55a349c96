import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import express from 'express';
import { securityHeaders, type SecurityHeaderSources } from './securityHeaders.ts';

export interface WebServerOptions {
  webappDir: string;
  tls: { cert: string; key: string; ca: string };
  /** More routes, by mount path (e.g. /gallery), served before the web app's files. */
  routes?: Record<string, express.Router>;
  /** What the pages may load from elsewhere (see securityHeaders). */
  external?: SecurityHeaderSources;
}

/** HTTPS (phones need it for the camera) serving the built web app, the CA to trust, and a health check. */
export function createWebServer({ webappDir, tls, routes = {}, external = { mapTiles: null, mqttBrokerUrl: null } }: WebServerOptions): https.Server {
  for (const [what, file] of Object.entries(tls)) {
    if (!fs.existsSync(file)) throw new Error(`TLS ${what} file ${file} not found; create it with: npm run certs`);
  }
  const indexHtml = path.join(webappDir, 'index.html');
  if (!fs.existsSync(indexHtml)) throw new Error(`the web app is not built (${indexHtml} missing); run: npm run build`);

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(external));
  app.get('/ca.pem', (_req, res) => void res.type('application/x-x509-ca-cert').sendFile(tls.ca));
  for (const [mount, router] of Object.entries(routes)) app.use(mount, router);
  // A bare liveness answer unless a route above gives a real one (sfu/src/operations).
  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  // The build's root holds the pages, the phone app's manifest, icons and service worker (/sw.js).
  app.use(express.static(webappDir, { index: 'index.html', maxAge: '1h', setHeaders: noCacheForEntryPoints(webappDir) }));
  // Pages of the single-page app (/, /ground, /bench) all start from their HTML.
  app.get(['/ground', '/bench'], (req, res) => {
    const page = path.join(webappDir, `${req.path.slice(1)}.html`);
    res.sendFile(fs.existsSync(page) ? page : indexHtml);
  });

  return https.createServer({ cert: fs.readFileSync(tls.cert), key: fs.readFileSync(tls.key) }, app);
}

/**
 * The files that name the others (the pages, the app manifest naming the icons, the service worker
 * whose list of cached files changes with each build) are revalidated on every load, so a new build
 * shows up at once; the hashed assets they name keep the hour.
 */
function noCacheForEntryPoints(webappDir: string): (res: express.Response, file: string) => void {
  const rootFiles = new Set(['sw.js', 'manifest.webmanifest'].map((name) => path.resolve(webappDir, name)));
  return (res, file) => {
    if (file.endsWith('.html') || rootFiles.has(file)) res.setHeader('Cache-Control', 'no-cache');
  };
}
