import { describe, expect, it } from 'vitest';

import type { PoseName } from '../classify/poses.ts';
import { PoseGate, type GateTelemetry, type PoseDecision } from './PoseGate.ts';

const flyingGuided: GateTelemetry = { state: 'flying', flightMode: 'GUIDED', linkLost: false, armed: true };

/** A gate ready to fire, and a helper that feeds one pose every `stepMs` over a time span. */
function setUp(options: ConstructorParameters<typeof PoseGate>[0] = {}) {
  const gate = new PoseGate(options);
  gate.setEnabled(true);
  gate.setTelemetry(flyingGuided);
  const decisions: (PoseDecision & { at: number })[] = [];
  const feed = (pose: PoseName | 'nobody', fromMs: number, toMs: number, stepMs = 50) => {
    for (let t = fromMs; t <= toMs; t += stepMs) {
      const decision = gate.observe(pose === 'nobody' ? { pose: 'none', body: false } : { pose, body: true }, t);
      if (decision) decisions.push({ ...decision, at: t });
    }
  };
  return { gate, decisions, feed };
}

describe('PoseGate', () => {
  describe('hold time', () => {
    it('a pose held shorter than the threshold sends nothing', () => {
      const { decisions, feed } = setUp();
      feed('east', 0, 450);
      feed('stop', 500, 800);
      feed('west', 850, 1300);
      expect(decisions).toEqual([]);
    });

    it('fires when the pose has been held for holdMs (default 500 ms)', () => {
      const { decisions, feed } = setUp();
      feed('north', 0, 500);
      expect(decisions).toEqual([{ pose: 'north', command: { type: 'go', direction: 'North' }, reason: 'held', at: 500 }]);
    });

    it('takes a configured hold time', () => {
      const { decisions, feed } = setUp({ holdMs: 1200 });
      feed('south', 0, 1150);
      expect(decisions).toEqual([]);
      feed('south', 1200, 1200);
      expect(decisions.map((d) => [d.pose, d.at])).toEqual([['south', 1200]]);
    });

    it('fires once per hold, however long the pose is held', () => {
      const { decisions, feed } = setUp();
      feed('east', 0, 10_000);
      expect(decisions.map((d) => [d.pose, d.at])).toEqual([['east', 500]]);
    });

    it('breaking the pose and holding it again fires again', () => {
      const { decisions, feed } = setUp();
      feed('east', 0, 1000);
      feed('none', 1050, 1200);
      feed('east', 1250, 2000);
      expect(decisions.map((d) => [d.pose, d.at])).toEqual([
        ['east', 500],
        ['east', 1750],
      ]);
    });

    it('a change of pose restarts the clock', () => {
      const { decisions, feed } = setUp();
      feed('east', 0, 300);
      feed('west', 350, 900);
      expect(decisions.map((d) => [d.pose, d.at])).toEqual([['west', 850]]);
    });

    it('an unrecognised pose never fires', () => {
      const { decisions, feed } = setUp();
      feed('none', 0, 5000);
      expect(decisions).toEqual([]);
    });

    it('land and rtl become the land and rtl commands', () => {
      const { decisions, feed } = setUp();
      feed('land', 0, 600);
      feed('none', 650, 650);
      feed('rtl', 700, 1200);
      expect(decisions.map((d) => d.command)).toEqual([{ type: 'land' }, { type: 'rtl' }]);
    });
  });

  describe('pose control switch', () => {
    it('pose control off sends nothing', () => {
      const { gate, decisions, feed } = setUp();
      gate.setEnabled(false);
      feed('east', 0, 3000);
      expect(decisions).toEqual([]);
      expect(gate.status(3000).blockedBy).toBe('pose control is off');
    });

    it('a pose held before pose control was turned on counts from the moment it was turned on', () => {
      const { gate, decisions, feed } = setUp();
      gate.setEnabled(false);
      feed('east', 0, 2000);
      gate.setEnabled(true);
      feed('east', 2050, 2500);
      expect(decisions).toEqual([]);
      feed('east', 2550, 2600);
      expect(decisions.map((d) => [d.pose, d.at])).toEqual([['east', 2550]]);
    });
  });

  describe('flight state', () => {
    it.each<[string, GateTelemetry | null]>([
      ['landed and armed', { state: 'armed', flightMode: 'GUIDED', linkLost: false, armed: true }],
      ['landed and disarmed', { state: 'connected', flightMode: 'STABILIZE', linkLost: false, armed: false }],
      ['taking off', { state: 'takingOff', flightMode: 'GUIDED', linkLost: false, armed: true }],
      ['landing', { state: 'landing', flightMode: 'LAND', linkLost: false, armed: true }],
      ['flying in LOITER', { state: 'flying', flightMode: 'LOITER', linkLost: false, armed: true }],
      ['flying with the link lost', { state: 'flying', flightMode: 'GUIDED', linkLost: true, armed: true }],
      ['without telemetry', null],
    ])('a drone %s ignores pose commands', (_name, telemetry) => {
      const { gate, decisions, feed } = setUp();
      gate.setTelemetry(telemetry);
      feed('north', 0, 3000);
      expect(decisions).toEqual([]);
      expect(gate.status(3000).blockedBy).toMatch(/take off first|not flying yet|take over first|link is lost|no drone connected/);
    });

    it('a hold started before take-off counts from when the drone flies in GUIDED', () => {
      const { gate, decisions, feed } = setUp();
      gate.setTelemetry({ state: 'takingOff', flightMode: 'GUIDED', linkLost: false, armed: true });
      feed('north', 0, 1000);
      gate.setTelemetry(flyingGuided);
      feed('north', 1050, 1500);
      expect(decisions).toEqual([]);
      feed('north', 1550, 1550);
      expect(decisions.map((d) => d.at)).toEqual([1550]);
    });
  });

  describe('losing the person', () => {
    it('nobody in view for longer than lostMs after a movement command means Stop, once', () => {
      const { decisions, feed } = setUp();
      feed('east', 0, 500);
      feed('nobody', 550, 3000);
      expect(decisions.map((d) => [d.pose, d.reason, d.at])).toEqual([
        ['east', 'held', 500],
        ['stop', 'person-lost', 1050],
      ]);
    });

    it('a phone that stops sending counts as nobody in view (tick)', () => {
      const { gate, feed, decisions } = setUp();
      feed('west', 0, 600);
      expect(gate.tick(900)).toBeNull();
      expect(gate.tick(1150)).toEqual({ pose: 'stop', command: { type: 'go', direction: 'Stop' }, reason: 'person-lost' });
      expect(gate.tick(1300)).toBeNull();
      expect(decisions.map((d) => d.pose)).toEqual(['west']);
    });

    it('a short dropout does not stop the drone', () => {
      const { decisions, feed } = setUp();
      feed('north', 0, 600);
      feed('nobody', 650, 900);
      feed('north', 950, 1100);
      expect(decisions.map((d) => d.pose)).toEqual(['north']);
    });

    it.each<PoseName>(['stop', 'land', 'rtl'])('after %s nothing is moving on a pose: losing the person sends nothing', (pose) => {
      const { decisions, feed } = setUp();
      feed(pose, 0, 500);
      feed('nobody', 550, 3000);
      expect(decisions.map((d) => d.pose)).toEqual([pose]);
    });

    it('nobody in view from the start sends nothing', () => {
      const { gate, decisions, feed } = setUp();
      feed('nobody', 0, 3000);
      expect(gate.tick(5000)).toBeNull();
      expect(decisions).toEqual([]);
    });

    it('after the drone leaves GUIDED the gate no longer stops it', () => {
      const { gate, decisions, feed } = setUp();
      feed('east', 0, 500);
      gate.setTelemetry({ state: 'flying', flightMode: 'LOITER', linkLost: false, armed: true });
      gate.setTelemetry(flyingGuided);
      feed('nobody', 550, 3000);
      expect(decisions.map((d) => d.pose)).toEqual(['east']);
    });
  });

  it('reports what it is waiting for', () => {
    const { gate, feed } = setUp();
    feed('south', 0, 300);
    expect(gate.status(300)).toEqual({ blockedBy: null, holding: 'south', heldMs: 300, holdMs: 500, lastFired: null });
    feed('south', 350, 500);
    expect(gate.status(500)).toMatchObject({ holding: 'south', lastFired: 'south' });
  });

  it('refuses a negative hold time', () => {
    expect(() => new PoseGate({ holdMs: -1 })).toThrow(RangeError);
  });
});
