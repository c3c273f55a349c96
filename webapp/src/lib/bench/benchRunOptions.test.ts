import { describe, expect, it } from 'vitest';
import { checkRunOptions, defaultRunOptions, runOptionsFromUrl } from './benchRunOptions.ts';

describe('checkRunOptions', () => {
  it('fills in the defaults and orders the transports', () => {
    expect(checkRunOptions({ durationS: 5, transports: ['mqtt', 'webrtc', 'mqtt'] })).toEqual({
      mode: 'simultaneous',
      durationS: 5,
      settleS: 2,
      transports: ['webrtc', 'mqtt'],
    });
  });

  it('refuses what a run cannot be, saying why', () => {
    expect(() => checkRunOptions({ durationS: 0 })).toThrow(/duration must be 1-600/);
    expect(() => checkRunOptions({ durationS: 601 })).toThrow(/duration/);
    expect(() => checkRunOptions({ settleS: -1 })).toThrow(/settling/);
    expect(() => checkRunOptions({ mode: 'parallel' as never })).toThrow(/mode must be one of simultaneous, sequential/);
    expect(() => checkRunOptions({ transports: [] })).toThrow(/at least one transport/);
    expect(() => checkRunOptions({ transports: ['webrtc', 'carrier-pigeon' as never] })).toThrow(/unknown transport carrier-pigeon/);
  });
});

describe('runOptionsFromUrl', () => {
  it('reads mode, seconds and transports from the link', () => {
    expect(runOptionsFromUrl('https://h/bench?token=t&mode=sequential&seconds=12&transports=websocket,mqtt')).toEqual({
      mode: 'sequential',
      durationS: 12,
      settleS: 2,
      transports: ['websocket', 'mqtt'],
    });
  });

  it('opens with the defaults when the link asks for something impossible', () => {
    expect(runOptionsFromUrl('https://h/bench?seconds=99999')).toEqual(defaultRunOptions);
    expect(runOptionsFromUrl('https://h/bench?mode=fast&transports=nope')).toEqual(defaultRunOptions);
  });
});
