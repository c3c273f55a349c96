import { describe, expect, it } from 'vitest';
import { initialTransport, rememberTransport } from './transportChoice.ts';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('transport choice', () => {
  it('starts on WebRTC', () => {
    expect(initialTransport('https://h/?token=t', memoryStorage())).toBe('webrtc');
    expect(initialTransport('https://h/?token=t', null)).toBe('webrtc');
  });

  it('takes ?transport= from the link, then the remembered choice', () => {
    const storage = memoryStorage();
    rememberTransport(storage, 'mqtt');
    expect(initialTransport('https://h/?token=t', storage)).toBe('mqtt');
    expect(initialTransport('https://h/?token=t&transport=websocket', storage)).toBe('websocket');
  });

  it('ignores unknown names and storage that throws', () => {
    const throwing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(initialTransport('https://h/?transport=carrier-pigeon', throwing)).toBe('webrtc');
    expect(() => rememberTransport(throwing, 'mqtt')).not.toThrow();
  });
});
