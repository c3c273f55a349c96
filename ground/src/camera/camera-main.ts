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
  process.stdout.write(
    `Sending the test pattern as H.264 RTP to udp:${host}:${port}: ${formatLabel(config.format)}, a keyframe every ${config.gopSeconds} s, ${config.bitrateKbps} kbit/s` +
      `${config.sdpFile ? `; SDP in ${config.sdpFile}` : ''}\n`,
  );
  exitOnStopSignals(() => camera.stop());
}

runCli('npm run camera', main, (message) => logger.error(message));
