/**
 * A stand-in for the ground agent's recording path, run as its own process so a test can kill it
 * with SIGKILL mid-recording: RTP on a loopback port -> depacketizer -> StreamCopyRecorder.
 * Usage: recordingAgent.ts FILE. Prints "port N", then "recording PID" (ffmpeg's), then
 * "pictures N" as they are written.
 */
import { H264Depacketizer } from '../H264Depacketizer.ts';
import { StreamCopyRecorder } from '../StreamCopyRecorder.ts';
import { RtpReceiver } from './RtpReceiver.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: recordingAgent.ts FILE');
const receiver = await RtpReceiver.open();
const depacketizer = new H264Depacketizer({ now: Date.now });
receiver.on('packet', (packet) => depacketizer.push(packet));
process.stdout.write(`port ${receiver.port}\n`);
const recorder = new StreamCopyRecorder({ accessUnits: depacketizer, description: 'H.264 camera (test)', file, startTimeoutMs: 10_000 });
await recorder.start();
process.stdout.write(`recording ${recorder.pid}\n`);
depacketizer.on('accessUnit', () => process.stdout.write(`pictures ${recorder.framesWritten}\n`));
