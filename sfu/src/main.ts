import type { SfuReady } from '@dronecast/protocol';
import { createLogger, UsageError, runCli, waitIfSpare } from '@dronecast/runtime';
import { loadSecret } from './auth/loadSecret.ts';
import { TokenIssuer } from './auth/TokenIssuer.ts';
import { AccessLinkBook } from './links/AccessLinkBook.ts';
import { parseSfuConfig } from './config/SfuConfig.ts';
import { Drones } from './drone/Drones.ts';
import { galleryRoutes } from './gallery/galleryRoutes.ts';
import { createWebServer } from './http/createWebServer.ts';
import { ClusterAuth } from './cluster/ClusterAuth.ts';
import type { ClusterIo } from './cluster/SfuCluster.ts';
import { announceClosing, closingFor } from './operations/announceClosing.ts';
import { liveSfuState } from './operations/liveSfuState.ts';
import { SfuOperations } from './operations/SfuOperations.ts';
import { WorkerPool } from './media/WorkerPool.ts';
import { SignalingServer } from './signaling/SignalingServer.ts';
import { RoomBroadcast } from './signaling/RoomBroadcast.ts';
import { createSignalingIo } from './signaling/signalingIo.ts';
import { availableTransports } from './transports/availableTransports.ts';
import { EmbeddedBroker } from './transports/mqtt/EmbeddedBroker.ts';
import { loadTurnIceServers } from './turn/loadTurnIceServers.ts';
import { MqttBrokerStartError } from './transports/mqtt/EmbeddedBrokerTypes.ts';
import { FrameRelay } from './transports/websocket/FrameRelay.ts';

const logger = createLogger('sfu');

async function main(): Promise<void> {
  // Started as the launcher's spare: loaded, it waits here until the running SFU dies.
  await waitIfSpare();
  const config = parseSfuConfig(process.argv.slice(2));
  const tokens = new TokenIssuer(await loadSecret(config.stateDir));
  // People's links: each revocable and with its own expiry (npm run link, or the console).
  const links = new AccessLinkBook(config.stateDir, tokens);
  tokens.isRevoked = (subject) => links.isRevoked(subject);
  // Before any worker starts: a bad TURN secret is a usage error.
  const turn = config.turn ? await loadTurnIceServers(config.turn, process.env, logger) : undefined;
  if (turn) logger.info(`clients get TURN credentials for ${turn.urls.join(', ')}`, { ttlSeconds: config.turn?.ttlSeconds });
  const serverTransports = availableTransports(config.mqtt);
  // /healthz and /metrics; made before the workers so its inventory sees every one.
  const operations = new SfuOperations({ metricsToken: config.metricsToken, tokens, logger: logger.child('operations') });
  const web = createWebServer({
    webappDir: config.webappDir,
    tls: config.tls,
    external: { mapTiles: config.mapTiles, mqttBrokerUrl: serverTransports.mqtt.available ? serverTransports.mqtt.url : null },
    routes: { '/gallery': galleryRoutes({ tokens, captureOf: (droneId) => drones.get(droneId).capture, logger: logger.child('gallery') }), ...operations.routes() },
  });

  const pool = new WorkerPool({
    size: config.workers,
    listenIp: config.rtcListenIp,
    announcedAddress: config.announcedAddress,
    basePort: config.rtcPort,
    logger: logger.child('workers'),
  });
  await pool.start();
  const io = createSignalingIo(web);
  const drones = new Drones({
    pool,
    broadcastFor: (droneId) => new RoomBroadcast(io, droneId),
    serverTransports,
    consumersPerRouter: config.consumersPerRouter,
    logger: logger.child('drones'),
    linkDesk: {
      book: links,
      publicOrigin: `https://${config.publicHost}:${config.port}`,
      dropHolder: (linkId, reason) => {
        // Signaling reaches every host's sockets through the Redis adapter; frames and MQTT are per host.
        signaling.dropHolder(linkId, reason);
        frameRelay.dropHolder(linkId);
        mqttBroker?.dropHolder(linkId);
        cluster?.announceRevoked(linkId);
      },
    },
  });
  const signaling = new SignalingServer(io, { tokens, drones, logger: logger.child('signaling'), turn, mapTiles: config.mapTiles });
  // The console's switches: the relay and the broker refuse and drop what it turns off.
  const frameRelay = new FrameRelay(signaling.io, { tokens, logger: logger.child('frames'), switches: drones });
  // MQTT over WebSocket on this HTTPS server (/mqtt) for browsers, plain TCP for tools; none with --no-mqtt.
  const mqttBroker =
    config.mqtt.kind === 'embedded'
      ? await EmbeddedBroker.start({ tokens, webServer: web, tcp: config.mqttTcp, logger: logger.child('mqtt'), switches: drones }).catch((error: unknown) => {
          throw error instanceof MqttBrokerStartError ? new UsageError(error.message) : error;
        })
      : undefined;
  // --redis-url: one host of several (signaling shared through Redis, producers piped between
  // hosts). Joined once the frame paths exist: a revocation learnt while joining drops theirs too.
  const revocations = {
    list: () => links.revokedIds(),
    heard: (linkId: string) => {
      if (!links.revokedElsewhere(linkId)) return;
      frameRelay.dropHolder(linkId);
      mqttBroker?.dropHolder(linkId);
    },
  };
  const cluster = config.cluster
    ? // Loaded only for several hosts: the Redis client alone adds ~0.35 s to every start (and restart).
      await (await import('./cluster/SfuCluster.ts')).SfuCluster.join({
        ...config.cluster,
        io: io as unknown as ClusterIo,
        drones,
        auth: new ClusterAuth(await loadSecret(config.stateDir)),
        revocations,
        logger: logger.child('cluster'),
      })
    : undefined;
  signaling.remoteGreeter = cluster;
  // The drone's router before anyone connects: after a crash the agent and the phones come back
  // together, and none of them should wait for it.
  await drones.get(config.droneId).media.router();
  operations.attach(
    liveSfuState({ droneId: config.droneId, configuredWorkers: config.workers, io, drones, frameRelay, mqttBroker, stopping: () => operations.stopping }),
  );

  await new Promise<void>((resolve, reject) => {
    web.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new UsageError(`port ${config.port} is in use; pick another with --port`) : error),
    );
    web.listen(config.port, config.host, resolve);
  });

  const origin = (host: string): string => `https://${host}:${config.port}`;
  const hosts = [...new Set([config.publicHost, '127.0.0.1'])];
  // The links printed at start-up expire too (--link-ttl); the services' tokens are handed over
  // privately and die with the secret.
  const linksExpireAtSeconds = Math.floor(Date.now() / 1000 + config.linkTtlHours * 3600);
  const ready: SfuReady = {
    type: 'sfu:ready',
    httpsUrl: origin(config.publicHost),
    pilotUrls: hosts.map((h) => `${origin(h)}/?token=${tokens.issue('pilot', config.droneId, 'pilot', { exp: linksExpireAtSeconds })}`),
    viewerUrls: hosts.map((h) => `${origin(h)}/?token=${tokens.issue('viewer', config.droneId, 'viewer', { exp: linksExpireAtSeconds })}`),
    linksExpireAt: linksExpireAtSeconds * 1000,
    caUrl: `${origin(config.publicHost)}/ca.pem`,
    tokens: {
      ground: tokens.issue('ground', config.droneId),
      console: tokens.issue('console', config.droneId),
      processing: tokens.issue('processing', config.droneId),
    },
    droneId: config.droneId,
  };
  logger.info(`serving ${ready.httpsUrl}`, { drone: config.droneId });
  if (process.send) process.send(ready);
  else {
    process.stdout.write(`Pilot:  ${ready.pilotUrls[0]}\nViewer: ${ready.viewerUrls[0]}\nGround token: ${ready.tokens.ground}\n`);
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`stopping (${signal})`);
    operations.stopping = true;
    pool.stopReplacing();
    // Tell clients why before they lose us (a phone says "restarting" rather than "connection lost").
    void announceClosing(signaling.io, closingFor(signal)).finally(() => {
      // Disconnect clients first so they are not told to rebuild on a server that is going away.
      frameRelay.close();
      void mqttBroker?.close();
      void signaling.close();
      void cluster?.close();
      drones.close();
      pool.close();
      setTimeout(() => process.exit(0), 200).unref();
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // SIGHUP: stop the same way, telling clients to expect the server back (a supervisor restarts it).
  process.on('SIGHUP', () => stop('SIGHUP'));
  process.on('disconnect', () => stop('launcher gone'));
}

runCli('dronecast-sfu', main, (message) => logger.error(message));
