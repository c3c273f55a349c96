import { createLogger, exitOnStopSignals, freeUdpPort, runCli } from '@dronecast/runtime';
import { formatLabel } from '../video/sources/videoFormatRules.ts';
import { cameraUsage, parseCameraConfig } from './CameraConfig.ts';
import { H264RtpCamera } from './H264RtpCamera.ts';
import { RtspCameraServer } from './RtspCameraServer.ts';

const logger = createLogger('camera');

async function main(): Promise<void> {
  const config = parseCameraConfig(process.argv.slice(2));
  if (config.help) {
    process.stdout.write(`${cameraUsage}\n`);
    return;
  }
  // --rtsp: the RTP goes to GStreamer's RTSP server on a loopback port, and is served from there.
  const to = config.rtspPort === undefined ? config.to : { host: '127.0.0.1', port: await freeUdpPort() };
  const camera = new H264RtpCamera({ ...config, to });
  camera.on('failed', (error) => {
    logger.error(error.message);
    process.exit(1);
  });
  const server = config.rtspPort === undefined ? undefined : await RtspCameraServer.start({ rtpPort: to.port, port: config.rtspPort });
  await camera.start();
  const { host, port } = to;
  const address = host.includes(':') ? `[${host}]` : host;
  // The ground agent's --camera for what is sent: passed through (RTP, RTSP), or decoded and re-encoded (MPEG-TS).
  const [what, agentCamera] = server
    ? [`H.264 over RTSP at ${server.url()}`, server.url()]
    : config.container === 'rtp'
      ? [`H.264 RTP to udp:${host}:${port}`, `rtp:${address}:${port}`]
      : [`H.264 in MPEG-TS to udp:${host}:${port}`, `udp://${address}:${port}`];
  process.stdout.write(
    `Sending the test pattern as ${what}: ${formatLabel(config.format)}, a keyframe every ${config.gopSeconds} s, ${config.bitrateKbps} kbit/s` +
      `${config.sdpFile ? `; SDP in ${config.sdpFile}` : ''}; the ground agent takes it with --camera ${agentCamera}\n`,
  );
  exitOnStopSignals(async () => {
    await camera.stop();
    await server?.stop();
    // A frame dropped here never existed for a receiver: it shows as missing there, not as lost on the way.
    process.stdout.write(`Stopped: ${camera.sent} frames sent, ${camera.dropped} dropped while ffmpeg was behind\n`);
  });
}

runCli('npm run camera', main, (message) => logger.error(message));
