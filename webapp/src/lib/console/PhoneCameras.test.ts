import { describe, expect, it } from 'vitest';
import type { ProducerInfo } from '@dronecast/protocol';
import { ScriptedSignaling } from '../capture/testing/ScriptedSignaling.ts';
import { PhoneCameras } from './PhoneCameras.ts';

const drone: ProducerInfo = { producerId: 'drone', source: 'drone-camera', kind: 'video', peerId: 'agent' };
const cameraA: ProducerInfo = { producerId: 'cam-a', source: 'phone-camera', kind: 'video', peerId: 'phone-a' };
const cameraB: ProducerInfo = { producerId: 'cam-b', source: 'phone-camera', kind: 'video', peerId: 'phone-b' };
const processedA: ProducerInfo = { producerId: 'proc-a', source: 'processed-camera', kind: 'video', peerId: 'pose', of: 'cam-a' };

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('the phones sending their cameras, for the processed-video picker', () => {
  it('starts from the server\'s list and follows additions and closes', async () => {
    const signaling = new ScriptedSignaling();
    signaling.answer('media:listProducers', () => ({ producers: [drone, cameraA] }));
    const cameras = new PhoneCameras(signaling);
    await settle();
    expect(cameras.sources.value).toEqual([{ cameraId: 'cam-a', peerId: 'phone-a', processed: false }]);
    signaling.emit('media:producerAdded', processedA);
    signaling.emit('media:producerAdded', cameraB);
    expect(cameras.sources.value).toEqual([
      { cameraId: 'cam-a', peerId: 'phone-a', processed: true },
      { cameraId: 'cam-b', peerId: 'phone-b', processed: false },
    ]);
    signaling.emit('media:producerClosed', { producerId: 'proc-a' });
    signaling.emit('media:producerClosed', { producerId: 'cam-b' });
    expect(cameras.sources.value).toEqual([{ cameraId: 'cam-a', peerId: 'phone-a', processed: false }]);
  });

  it('forgets everything when the session drops, and lists again on the next', async () => {
    const signaling = new ScriptedSignaling();
    signaling.answer('media:listProducers', () => ({ producers: [cameraA, processedA] }));
    const cameras = new PhoneCameras(signaling);
    await settle();
    expect(cameras.sources.value).toHaveLength(1);
    signaling.setConnected(false);
    expect(cameras.sources.value).toEqual([]);
    signaling.answer('media:listProducers', () => ({ producers: [cameraB] }));
    signaling.setConnected(true);
    await settle();
    expect(cameras.sources.value).toEqual([{ cameraId: 'cam-b', peerId: 'phone-b', processed: false }]);
  });
});
