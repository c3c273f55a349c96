import { createLogger, exitOnStopSignals, runCli } from '@dronecast/runtime';
import { formatLabel } from '../video/sources/videoFormatRules.ts';
import { cameraUsage, parseCameraConfig } from './CameraConfig.ts';
import { H264RtpCamera } from './H264RtpCamera.ts';

const logger = createLogger('camera');

async function main(): Promise<void> {
  const config = parseCameraConfig(process.argv.slice(2));
  if (config.help) {
    process.stdout.write(`${cameraUsage}\n`);
    return;
  }
  const camera = new H264RtpCamera({ ...config });
  camera.on('failed', (error) => {
    logger.error(error.message);
    process.exit(1);
  });
  await camera.start();
  const { host, port } = config.to;
  const address = host.includes(':') ? `[${host}]` : host;
  // The ground agent's --camera for what is sent: passed through (RTP), or decoded and re-encoded (MPEG-TS).
  const [what, agentCamera] = config.container === 'rtp' ? ['H.264 RTP', `rtp:${address}:${port}`] : ['H.264 in MPEG-TS', `udp://${address}:${port}`];
  process.stdout.write(
    `Sending the test pattern as ${what} to udp:${host}:${port}: ${formatLabel(config.format)}, a keyframe every ${config.gopSeconds} s, ${config.bitrateKbps} kbit/s` +
      `${config.sdpFile ? `; SDP in ${config.sdpFile}` : ''}; the ground agent takes it with --camera ${agentCamera}\n`,
  );
  exitOnStopSignals(async () => {
    await camera.stop();
    // A frame dropped here never existed for a receiver: it shows as missing there, not as lost on the way.
    process.stdout.write(`Stopped: ${camera.sent} frames sent, ${camera.dropped} dropped while ffmpeg was behind\n`);
  });
}

runCli('npm run camera', main, (message) => logger.error(message));
