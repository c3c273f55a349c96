import fs from 'node:fs';
import { defaultVideoQuality } from '@dronecast/protocol';
import { createLogger, UsageError, runCli } from '@dronecast/runtime';
import { CaptureRequests } from './capture/CaptureRequests.ts';
import { capturePosition } from './capture/capturePosition.ts';
import { DiskSpace } from './capture/DiskSpace.ts';
import { encoderUnavailableReason } from './capture/encoderAvailability.ts';
import { PhotoTaker } from './capture/PhotoTaker.ts';
import { RecordingController } from './capture/RecordingController.ts';
import { recoverRecordings } from './capture/recoverRecordings.ts';
import { parseGroundConfig, webappDistDir } from './config/GroundConfig.ts';
import { ConsoleServer } from './console/ConsoleServer.ts';
import { DroneConnection } from './control/DroneConnection.ts';
import { RemoteControl } from './control/RemoteControl.ts';
import { parseConnection } from './drone/links/connectionString.ts';
import { MavlinkCamera } from './gcs/camera/MavlinkCamera.ts';
import { gcsVideoStream } from './gcs/camera/gcsVideoStream.ts';
import { GroundStationReport } from './gcs/GroundStationReport.ts';
import { GroundStations } from './gcs/GroundStations.ts';
import { MavlinkRouter } from './gcs/MavlinkRouter.ts';
import { MavlinkDroneLink } from './drone/MavlinkDroneLink.ts';
import { VehicleSimulator } from './drone/sim/VehicleSimulator.ts';
import { GalleryRequests } from './gallery/GalleryRequests.ts';
import { GalleryStore } from './gallery/GalleryStore.ts';
import { SfuLink } from './sfu/SfuLink.ts';
import { systemTimers } from './time/Timers.ts';
import { WebRtcPublisher } from '@dronecast/peer';
import { droneIdFromToken } from './transports/mqtt/droneIdFromToken.ts';
import { followMqttVideoSwitch } from './transports/mqtt/followMqttVideoSwitch.ts';
import { MqttPublisher } from './transports/mqtt/MqttPublisher.ts';
import { connectFrameSocket } from './transports/websocket/connectFrameSocket.ts';
import { WebsocketFramePublisher } from './transports/websocket/WebsocketFramePublisher.ts';
import { CameraWatchdog } from './video/CameraWatchdog.ts';
import { JpegEncoder } from './video/encoders/JpegEncoder.ts';
import { ProcessedVideoFeed } from './video/ProcessedVideoFeed.ts';
import { VideoQualityController } from './video/VideoQualityController.ts';
import { createVideoSource } from './video/sources/createVideoSource.ts';
import { choosePassthrough } from './video/sources/choosePassthrough.ts';
import { parseSourceSpec } from './video/sources/parseSourceSpec.ts';
import { PassthroughCamera } from './video/PassthroughCamera.ts';
import type { VideoSource } from './video/VideoSource.ts';

const logger = createLogger('ground');

async function main(): Promise<void> {
  const config = parseGroundConfig(process.argv.slice(2));
  if (!fs.existsSync(config.caCertPath)) throw new UsageError(`CA certificate ${config.caCertPath} not found (npm run certs makes it)`);
  const ca = fs.readFileSync(config.caCertPath, 'utf8');
  // The button panel in a browser on this machine; a busy port is a usage error, before anything starts.
  const consoleServer =
    config.consolePort === 0
      ? undefined
      : new ConsoleServer({ port: config.consolePort, sfuUrl: config.sfuUrl, ca, token: config.consoleToken, webappDir: webappDistDir, logger: logger.child('console') });
  await consoleServer?.start();
  const tools = { ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath };
  // Checked once, before the SFU hears our recording state: Record shows why it can't, before anyone taps.
  const recordingUnavailable = encoderUnavailableReason(tools);
  const link = new SfuLink({ url: config.sfuUrl, token: config.token, ca, logger: logger.child('sfu') });
  const cameraSpec = await choosePassthrough(parseSourceSpec(config.camera), logger.child('camera'));
  // A camera's H.264 goes to the SFU as it came; any other camera is encoded to VP8 by wrtc.
  let passthrough: PassthroughCamera | undefined;
  let source: VideoSource;
  if (cameraSpec.kind === 'h264-rtp' || cameraSpec.kind === 'h264-rtsp') {
    passthrough = new PassthroughCamera({
      spec: cameraSpec,
      link,
      sfuUrl: config.sfuUrl,
      clock: () => link.serverNow(),
      ffmpegPath: config.ffmpegPath,
      playoutDelayMs: config.playoutDelayMs,
      gcsVideo: config.gcsVideo,
      logger: logger.child('passthrough'),
    });
    source = passthrough.frames;
  } else {
    source = createVideoSource(cameraSpec, { clock: () => link.serverNow(), ffmpegPath: config.ffmpegPath });
  }
  // QGroundControl plays H.264 RTP; the encoded path is VP8 inside WebRTC, so there is nothing to give it.
  if (config.gcsVideo && !passthrough) throw new UsageError('--gcs-video needs an H.264 camera passed through (--camera rtp:IP:PORT or an H.264 rtsp:// camera); QGroundControl cannot play the VP8 other cameras are encoded to');
  await passthrough?.start();
  const publisher = passthrough
    ? undefined
    : new WebRtcPublisher({
        link,
        source,
        mediaSource: 'drone-camera',
        maxBitrateKbps: config.maxBitrateKbps,
        playoutDelayMs: config.playoutDelayMs ?? null,
        logger: logger.child('webrtc'),
      });
  // What the camera must change, told to the console as it is found and again to a new connection.
  const reportCameraProblem = (problem: { message: string }): void => {
    if (link.connected) link.notify('drone:event', { type: 'camera', message: problem.message.slice(0, 500), time: link.serverNow() });
  };
  passthrough?.on('problem', reportCameraProblem);
  link.on('ready', () => passthrough?.problems.forEach(reportCameraProblem));

  // A malformed --drone is a usage error now, not a refused connect later.
  if (config.drone) parseConnection(config.drone);
  // No drone given: fly the built-in ArduCopter-like simulator over real MAVLink on loopback UDP.
  const simulator = config.drone ? undefined : new VehicleSimulator({ listen: ['udp:127.0.0.1:0'], logger: logger.child('sim') });
  await simulator?.start();
  const connection = config.drone ?? simulator?.endpoints[0]?.groundStation ?? '';
  // QGroundControl and the like beside the phones (--gcs): the drone's MAVLink is routed to them.
  // A port that cannot be bound is a usage error: restarting would not free it.
  const groundStations =
    config.groundStations.length === 0
      ? undefined
      : await GroundStations.open(config.groundStations, { timers: systemTimers, logger: logger.child('gcs') }).catch((error: Error) => {
          throw new UsageError(`--gcs: ${error.message}`);
        });
  const router = groundStations && new MavlinkRouter(groundStations, logger.child('gcs'));
  const drone = new DroneConnection(
    (c) => new MavlinkDroneLink({ connection: c, clock: () => link.serverNow(), logger: logger.child('drone'), router }),
    connection,
    logger.child('drone'),
  );
  new RemoteControl({ sfu: link, drone, logger: logger.child('control') }).start();
  // One JPEG encoder for every JPEG transport: each frame is encoded once.
  const jpegEncoder = new JpegEncoder(defaultVideoQuality.jpegQuality);
  const frameSocket = connectFrameSocket({ url: config.sfuUrl, token: config.token, ca });
  // A passthrough camera decodes frames only while a JPEG transport has watchers.
  const framePublisher = new WebsocketFramePublisher({
    source,
    encoder: jpegEncoder,
    socket: frameSocket,
    logger: logger.child('websocket'),
    onWatched: (watched) => passthrough?.frames.setDemand('websocket', watched),
  });
  const mqttDroneId = droneIdFromToken(config.token);
  if (config.mqttUrl && !mqttDroneId) logger.warn('MQTT off: the ground token names no drone');
  const mqttPublisher =
    config.mqttUrl && mqttDroneId
      ? new MqttPublisher({
          url: config.mqttUrl,
          token: config.token,
          droneId: mqttDroneId,
          encoder: jpegEncoder,
          ca,
          logger: logger.child('mqtt'),
          onWatched: (watched) => passthrough?.frames.setDemand('mqtt', watched),
        })
      : undefined;
  mqttPublisher?.publishVideo(source);
  mqttPublisher?.mirrorDrone(drone);
  // The console's MQTT switch: frames pause while it is off, telemetry goes on.
  if (mqttPublisher) followMqttVideoSwitch(link, mqttPublisher);
  new VideoQualityController({
    source,
    encoder: jpegEncoder,
    sfu: link,
    maxBitrateKbps: config.maxBitrateKbps,
    jpegPublishers: mqttPublisher ? [framePublisher, mqttPublisher] : [framePublisher],
    ...(passthrough ? { passthrough } : {}),
    logger: logger.child('quality'),
  }).start();

  // Photos and recordings: kept here, reached by phones and the console through the SFU.
  const gallery = await GalleryStore.open(config.mediaDir, logger.child('gallery')).catch((error: Error) => {
    throw new UsageError(`cannot use the media directory ${config.mediaDir}: ${error.message}`);
  });
  const disk = new DiskSpace(config.mediaDir, config.minFreeBytes);
  const position = () => capturePosition(drone.link?.telemetry);
  // A passthrough camera's photo is its latest picture, decoded on request (no decoder runs for it otherwise).
  const photos = new PhotoTaker({ ...(passthrough ? { pictures: passthrough.pictures } : { feed: source }), store: gallery, disk, position, logger: logger.child('photo') });
  // The phone camera after the pose worker, for the console and the recorder.
  const processed = new ProcessedVideoFeed({ link, logger: logger.child('processed') });
  const unavailable = await recordingUnavailable;
  // The one warning: the operator reads the same reason on the console's Record button.
  if (unavailable) logger.warn(`recording unavailable: ${unavailable}; photos still work, and unfinished recordings are kept for when it is fixed`);
  const recordings = new RecordingController({
    feed: source,
    processedFeed: processed,
    store: gallery,
    disk,
    clock: () => link.serverNow(),
    position,
    logger: logger.child('recording'),
    ...tools,
    unavailable,
  });
  new CaptureRequests({ sfu: link, photos, recordings, logger: logger.child('capture') }).start();
  // The ground stations' camera tools drive the same photos and recordings.
  const camera =
    router &&
    new MavlinkCamera({
      photos,
      recordings,
      disk,
      camera: () => ({ model: source.description, ...source.format }),
      timers: systemTimers,
      clock: () => link.serverNow(),
      // QGroundControl's video widget plays the camera's H.264 that --gcs-video sends it.
      ...(passthrough && config.gcsVideo
        ? { videoStreams: gcsVideoStream({ port: config.gcsVideo.port, format: () => ({ ...source.format, bitrateKbps: passthrough.bitrateKbps }) }) }
        : {}),
      logger: logger.child('camera'),
    });
  if (camera && router) camera.start(router);
  const stationReport = groundStations && new GroundStationReport({ sfu: link, stations: groundStations, timers: systemTimers, clock: () => link.serverNow() });
  stationReport?.start();
  new GalleryRequests({ sfu: link, store: gallery, recordingId: () => recordings.currentId, logger: logger.child('gallery') }).start();
  // In the background: a long recording cut short by a crash takes a moment to remux. Not without
  // ffmpeg and ffprobe: the unfinished files would look unplayable and be thrown away.
  if (!unavailable) void recoverRecordings(gallery, logger.child('gallery'), tools).catch((error: Error) => logger.warn(`recovering recordings failed: ${error.message}`));

  // A passthrough camera's port is always open: a camera that stops just stops sending, and comes back.
  const watchdog = passthrough ? undefined : new CameraWatchdog({ source, logger: logger.child('camera') });
  await watchdog?.start();
  publisher?.start();
  processed.start();
  link.connect();
  void drone.connect().then((outcome) => {
    if (!outcome.ok) logger.warn(`no drone yet: ${outcome.message}; a pilot or the console can connect later`);
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`stopping (${signal})`);
    // Order matters with wrtc: stop frames, close transports and tracks, then exit explicitly
    // (a natural exit with live wrtc objects can segfault). A recording is finished first, while
    // its frames still come (its 'end' would otherwise read as the camera stopping).
    watchdog?.stop();
    void consoleServer?.stop();
    void recordings
      .shutdown()
      .then(() => Promise.allSettled([passthrough ? passthrough.stop() : source.stop(), drone.disconnect()]))
      .then(() => {
        camera?.stop();
        stationReport?.stop();
        return Promise.allSettled([simulator?.stop(), groundStations?.close()]);
      })
      .finally(() => {
        publisher?.stop();
        processed.stop();
        framePublisher.close();
        void mqttPublisher?.close();
        frameSocket.disconnect();
        link.close();
        setTimeout(() => process.exit(0), 100);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('disconnect', () => stop('launcher gone'));
}

runCli('dronecast-ground', main, (message) => logger.error(message));
