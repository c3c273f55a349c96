import { common, minimal } from 'node-mavlink';
import { ProtocolError, type CaptureRequester, type GalleryItem, type Logger, type RecordingState } from '@dronecast/protocol';
import type { DiskSpace } from '../../capture/DiskSpace.ts';
import type { Target } from '../../drone/gcsMessages.ts';
import type { MavlinkMessage } from '../../drone/mavlink/MavlinkFrame.ts';
import { mavCmdName, mavResultName } from '../../drone/mavlink/mavResult.ts';
import type { Timer, Timers } from '../../time/Timers.ts';
import type { GroundStation } from '../GroundStation.ts';
import type { ComponentPort, LocalComponent } from '../MavlinkRouter.ts';
import {
  cameraHeartbeat,
  cameraInformation,
  cameraSettings,
  cameraStatusTexts,
  captureStatus,
  commandAck,
  imageCaptured,
  storageInformation,
  type CameraDescription,
  type StorageSpace,
} from './cameraMessages.ts';

const { MavCmd, MavResult } = common;

/** MAV_COMP_ID_CAMERA: the first camera of a system, where QGroundControl looks for one. */
export const cameraComponentId = minimal.MavComponent.CAMERA;

/**
 * The video streams a ground station can play: the camera's H.264 that --gcs-video sends (see
 * gcsVideoStream); without it the camera says it has no stream.
 */
export interface CameraVideoStreams {
  /** VIDEO_STREAM_INFORMATION of each stream, stream ids from 1. */
  information(): common.VideoStreamInformation[];
}

/** What the camera needs of the recording controller. */
export interface CameraRecordings {
  readonly state: RecordingState;
  start(by: CaptureRequester): Promise<RecordingState>;
  stop(): Promise<GalleryItem>;
  on(event: 'state', listener: (state: RecordingState) => void): unknown;
  off(event: 'state', listener: (state: RecordingState) => void): unknown;
}

export interface MavlinkCameraOptions {
  photos: { take(by: CaptureRequester): Promise<GalleryItem> };
  recordings: CameraRecordings;
  disk: Pick<DiskSpace, 'capacity' | 'minFreeBytes'>;
  /** The drone camera now: its name and size. */
  camera: () => Omit<CameraDescription, 'hasVideoStream'>;
  timers: Timers;
  /** Epoch ms for CAMERA_IMAGE_CAPTURED's time (the agent passes the SFU's clock, as the gallery's). */
  clock: () => number;
  videoStreams?: CameraVideoStreams;
  logger: Logger;
}

interface Answer {
  result: common.MavResult;
  /** Why, in words, with a refusal or a failure. */
  why?: string;
  /** What follows the ACK: the message asked for, the photo. */
  after?: () => Promise<void>;
}

type Params = readonly number[];

/**
 * The MAVLink camera protocol (v2) for ground stations, so QGroundControl's camera tools drive the
 * agent's photos and recordings: component 100 on the vehicle's system, a heartbeat a second,
 * CAMERA_INFORMATION, CAMERA_SETTINGS, STORAGE_INFORMATION and CAMERA_CAPTURE_STATUS on request
 * (REQUEST_MESSAGE or the older request commands), IMAGE_START_CAPTURE into the gallery with
 * CAMERA_IMAGE_CAPTURED, VIDEO_START/STOP_CAPTURE as the recording. Every command is acknowledged;
 * a refusal also comes in a STATUSTEXT, in words.
 */
export class MavlinkCamera implements LocalComponent {
  readonly componentId = cameraComponentId;
  private port: ComponentPort | undefined;
  private heartbeat: Timer | undefined;
  private readonly bootAt: number;
  private mode = common.CameraMode.IMAGE;
  private imageCount = 0;
  private photosInProgress = 0;
  private wasRecording: boolean;
  /** VIDEO_START_CAPTURE asked for CAMERA_CAPTURE_STATUS while recording (sent with each recording tick, 1 Hz). */
  private statusWhileRecording = false;
  /** Commands running, by sender, command and parameters: a resend while one runs is answered by the first's ACK. */
  private readonly running = new Set<string>();
  /** The last single-photo sequence number per sender (IMAGE_START_CAPTURE param 4): a resend takes no second photo. */
  private readonly lastPhotoSequence = new Map<string, number>();
  private statusTextId = 0;
  private readonly onRecording = (state: RecordingState): void => this.recordingChanged(state);

  constructor(private readonly options: MavlinkCameraOptions) {
    this.bootAt = options.timers.now();
    this.wasRecording = options.recordings.state.recording;
  }

  /** Joins the router as its component 100, and starts the heartbeat. */
  start(router: { addComponent(component: LocalComponent): ComponentPort }): void {
    this.port = router.addComponent(this);
    this.options.recordings.on('state', this.onRecording);
    const beat = (): void => {
      this.send(cameraHeartbeat());
      this.heartbeat = this.options.timers.setTimeout(beat, 1000);
    };
    beat();
  }

  stop(): void {
    this.heartbeat?.cancel();
    this.heartbeat = undefined;
    this.options.recordings.off('state', this.onRecording);
  }

  receive(message: MavlinkMessage, from: GroundStation): void {
    const d = message.data;
    // Only commands are for a camera; anything else addressed to it (a parameter request) has no answer here.
    if (!(d instanceof common.CommandLong || d instanceof common.CommandInt)) return;
    const asker: Target = { system: message.sysid, component: message.compid };
    const params = [d._param1, d._param2, d._param3, d._param4, d._param5, d._param6, d._param7];
    const key = `${asker.system}/${asker.component}:${d.command}:${params.join(',')}`;
    if (this.running.has(key)) return;
    this.running.add(key);
    const by: CaptureRequester = { role: 'ground', peerId: `gcs ${asker.system}/${asker.component} ${from.address}`.slice(0, 64) };
    void this.answer(d.command, params, by, asker)
      .catch((error: Error): Answer => {
        this.options.logger.error(`camera: ${mavCmdName(d.command)} failed: ${error.stack ?? error.message}`);
        return { result: MavResult.FAILED, why: `${mavCmdName(d.command)} failed on the ground station` };
      })
      .then(async (answer) => {
        this.running.delete(key);
        this.send(commandAck(d.command, answer.result, asker));
        if (answer.why) this.refuse(`${mavCmdName(d.command)}: ${answer.why}`, answer.result);
        await answer.after?.();
      })
      .catch((error: Error) => this.options.logger.warn(`camera: after ${mavCmdName(d.command)}: ${error.message}`));
  }

  private async answer(command: number, p: Params, by: CaptureRequester, asker: Target): Promise<Answer> {
    const asked = (param: number | undefined): boolean => param === 1;
    switch (command) {
      case MavCmd.REQUEST_MESSAGE:
        return this.requestMessage(Math.round(p[0] ?? -1), p);
      case MavCmd.REQUEST_CAMERA_INFORMATION:
        return asked(p[0]) ? this.requestMessage(common.CameraInformation.MSG_ID, p) : { result: MavResult.ACCEPTED };
      case MavCmd.REQUEST_CAMERA_SETTINGS:
        return asked(p[0]) ? this.requestMessage(common.CameraSettings.MSG_ID, p) : { result: MavResult.ACCEPTED };
      case MavCmd.REQUEST_STORAGE_INFORMATION:
        return asked(p[1]) ? this.requestMessage(common.StorageInformation.MSG_ID, [common.StorageInformation.MSG_ID, p[0] ?? 0]) : { result: MavResult.ACCEPTED };
      case MavCmd.REQUEST_CAMERA_CAPTURE_STATUS:
        return asked(p[0]) ? this.requestMessage(common.CameraCaptureStatus.MSG_ID, p) : { result: MavResult.ACCEPTED };
      case MavCmd.REQUEST_VIDEO_STREAM_INFORMATION:
        return this.requestMessage(common.VideoStreamInformation.MSG_ID, p);
      case MavCmd.SET_CAMERA_MODE:
        return this.setMode(p[1]);
      case MavCmd.IMAGE_START_CAPTURE:
        return this.startImageCapture(p, by, asker);
      case MavCmd.IMAGE_STOP_CAPTURE:
        // Nothing to stop: only single photos are taken.
        return { result: MavResult.ACCEPTED };
      case MavCmd.VIDEO_START_CAPTURE:
        return this.startRecording(p, by);
      case MavCmd.VIDEO_STOP_CAPTURE:
        return this.stopRecording();
      case MavCmd.STORAGE_FORMAT:
        return { result: MavResult.UNSUPPORTED, why: 'the gallery is not formatted from here; delete items on the ground console' };
      default:
        return { result: MavResult.UNSUPPORTED };
    }
  }

  /** REQUEST_MESSAGE (param 1 the message id, param 2 the storage id for STORAGE_INFORMATION). */
  private requestMessage(msgid: number, p: Params): Answer {
    switch (msgid) {
      case common.CameraInformation.MSG_ID:
        return { result: MavResult.ACCEPTED, after: async () => void this.send(cameraInformation(this.bootMs(), this.description())) };
      case common.CameraSettings.MSG_ID:
        return { result: MavResult.ACCEPTED, after: async () => void this.send(cameraSettings(this.bootMs(), this.mode)) };
      case common.StorageInformation.MSG_ID: {
        const storageId = Math.round(p[1] ?? 0);
        if (storageId !== 0 && storageId !== 1) return { result: MavResult.DENIED, why: `no storage ${storageId}: the camera has one, storage 1` };
        return { result: MavResult.ACCEPTED, after: async () => void this.send(storageInformation(this.bootMs(), await this.space())) };
      }
      case common.CameraCaptureStatus.MSG_ID:
        return { result: MavResult.ACCEPTED, after: () => this.sendCaptureStatus() };
      case common.VideoStreamInformation.MSG_ID: {
        const streams = this.options.videoStreams?.information() ?? [];
        if (streams.length === 0) return { result: MavResult.UNSUPPORTED, why: 'no video stream for ground stations yet' };
        return { result: MavResult.ACCEPTED, after: async () => streams.forEach((stream) => this.send(stream)) };
      }
      default:
        return { result: MavResult.UNSUPPORTED };
    }
  }

  /** Photos and videos can be taken in either mode; the mode is kept for CAMERA_SETTINGS. */
  private setMode(mode: number | undefined): Answer {
    if (mode === common.CameraMode.IMAGE || mode === common.CameraMode.VIDEO) {
      this.mode = mode;
      return { result: MavResult.ACCEPTED, after: async () => void this.send(cameraSettings(this.bootMs(), this.mode)) };
    }
    if (mode === common.CameraMode.IMAGE_SURVEY) return { result: MavResult.UNSUPPORTED, why: 'no survey mode: photos and videos only' };
    return { result: MavResult.DENIED, why: `no camera mode ${mode}` };
  }

  /** Single photos (param 3 = 1); param 4, the sequence number, tells a resent command from a new one. */
  private startImageCapture(p: Params, by: CaptureRequester, asker: Target): Answer {
    const total = Math.round(p[2] ?? 0);
    if (total !== 1) return { result: MavResult.UNSUPPORTED, why: 'only single photos (total 1); no interval capture' };
    const sequence = Math.round(p[3] ?? 0);
    const sender = `${asker.system}/${asker.component}`;
    if (sequence > 0 && this.lastPhotoSequence.get(sender) === sequence) return { result: MavResult.ACCEPTED };
    if (sequence > 0) this.lastPhotoSequence.set(sender, sequence);
    this.photosInProgress++;
    return { result: MavResult.ACCEPTED, after: () => this.takePhoto(by) };
  }

  private async takePhoto(by: CaptureRequester): Promise<void> {
    try {
      const item = await this.options.photos.take(by);
      const index = this.imageCount++;
      this.options.logger.info(`camera: photo ${index} (${item.id}) for ${by.peerId}`);
      this.send(imageCaptured(this.bootMs(), { index, timeMs: item.createdAt, position: item.position }));
    } catch (error) {
      const why = (error as Error).message;
      this.options.logger.warn(`camera: photo for ${by.peerId} failed: ${why}`);
      this.send(imageCaptured(this.bootMs(), { failed: true, timeMs: this.options.clock() }));
      this.refuse(`photo failed: ${why}`, MavResult.FAILED);
    } finally {
      this.photosInProgress--;
    }
  }

  private async startRecording(p: Params, by: CaptureRequester): Promise<Answer> {
    try {
      await this.options.recordings.start(by);
    } catch (error) {
      return refusalOf(error);
    }
    this.statusWhileRecording = (p[1] ?? 0) > 0;
    return { result: MavResult.ACCEPTED };
  }

  private stopRecording(): Answer {
    if (!this.options.recordings.state.recording) return { result: MavResult.DENIED, why: 'nothing is being recorded' };
    // Finishing the file takes a while; the ACK does not wait, CAMERA_CAPTURE_STATUS follows when it is done.
    const stopping = this.options.recordings.stop();
    return {
      result: MavResult.ACCEPTED,
      after: () =>
        stopping.then(
          (item) => this.options.logger.info(`camera: recording ${item.id} saved`),
          (error: Error) => this.refuse(`recording: ${error.message}`, MavResult.FAILED),
        ),
    };
  }

  private recordingChanged(state: RecordingState): void {
    const changed = state.recording !== this.wasRecording;
    this.wasRecording = state.recording;
    if (!state.recording) this.statusWhileRecording = false;
    // Whoever started or stopped it (a phone too), the stations hear it; while recording, as often as asked.
    if (changed || (state.recording && this.statusWhileRecording)) void this.sendCaptureStatus().catch(() => undefined);
  }

  private async sendCaptureStatus(): Promise<void> {
    const { availableBytes } = await this.space();
    const recording = this.options.recordings.state;
    this.send(captureStatus(this.bootMs(), { photosInProgress: this.photosInProgress, recording: recording.recording, recordingMs: recording.durationMs, availableBytes, imageCount: this.imageCount }));
  }

  private async space(): Promise<StorageSpace> {
    const { totalBytes, freeBytes } = await this.options.disk.capacity();
    return { totalBytes, freeBytes, availableBytes: Math.max(0, freeBytes - this.options.disk.minFreeBytes) };
  }

  private description(): CameraDescription {
    return { ...this.options.camera(), hasVideoStream: (this.options.videoStreams?.information().length ?? 0) > 0 };
  }

  private refuse(text: string, result: common.MavResult): void {
    this.options.logger.info(`camera: ${mavResultName(result)}: ${text}`);
    this.statusTextId = (this.statusTextId % 255) + 1;
    for (const chunk of cameraStatusTexts(text, this.statusTextId)) this.send(chunk);
  }

  private bootMs(): number {
    return Math.round(this.options.timers.now() - this.bootAt) >>> 0;
  }

  private send(message: Parameters<ComponentPort['send']>[0]): void {
    this.port?.send(message);
  }
}

/** A capture's refusal as MAVLink says it: not now (DENIED), or it cannot be done here (FAILED). */
function refusalOf(error: unknown): Answer {
  const why = (error as Error).message;
  if (error instanceof ProtocolError && error.code === 'INVALID_STATE') return { result: MavResult.DENIED, why };
  return { result: MavResult.FAILED, why };
}
